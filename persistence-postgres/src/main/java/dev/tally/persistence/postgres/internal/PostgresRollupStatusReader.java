package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.RollupStatus;
import dev.tally.domain.rollup.RollupStatusReader;
import java.time.Duration;

/**
 * Reads the status in a short read-only transaction with its own statement timeout, so a health
 * check answers (unhealthy) rather than hangs when the database is slow; takes no lock a tick needs.
 */
public final class PostgresRollupStatusReader implements RollupStatusReader {

    private static final Duration STATEMENT_TIMEOUT = Duration.ofSeconds(5);

    private final MyBatisSessions sessions;

    public PostgresRollupStatusReader(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public RollupStatus read() {
        return sessions.inTransaction(session -> {
            session.getMapper(RollupMapper.class).setStatementTimeout(STATEMENT_TIMEOUT.toMillis());
            return session.getMapper(RollupStatusMapper.class).read().toStatus();
        });
    }
}
