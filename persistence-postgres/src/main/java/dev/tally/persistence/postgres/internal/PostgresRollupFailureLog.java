package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.RollupFailureLog;
import java.time.Instant;

/** Records a failed tick in its own short transaction, after the tick's has rolled back. */
public final class PostgresRollupFailureLog implements RollupFailureLog {

    private final MyBatisSessions sessions;

    public PostgresRollupFailureLog(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void recordFailure(Instant startedAt, String error) {
        sessions.inTransaction(session -> {
            session.getMapper(RollupMapper.class).recordFailure(startedAt, error);
            return null;
        });
    }
}
