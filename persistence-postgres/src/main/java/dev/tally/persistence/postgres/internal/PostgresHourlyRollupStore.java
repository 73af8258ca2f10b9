package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.RecomputeCounts;
import dev.tally.domain.rollup.RollupProgress;
import dev.tally.domain.rollup.TickTransaction;
import dev.tally.domain.rollup.TickWindow;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One tick = one transaction on one connection, holding the transaction-scoped tick lock, with a
 * statement timeout. Whatever ends the transaction (commit, rollback, timeout, a killed
 * connection) releases the lock: it cannot outlive the tick. While it runs, its connection is
 * among the {@link RunningTicks}, which a stop may cancel.
 */
public final class PostgresHourlyRollupStore implements HourlyRollupStore {

    private final MyBatisSessions sessions;
    private final Duration tickTimeout;
    private final RunningTicks running;

    public PostgresHourlyRollupStore(MyBatisSessions sessions, Duration tickTimeout, RunningTicks running) {
        // statement_timeout counts milliseconds, and 0 would mean no timeout at all.
        if (tickTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("tickTimeout must be at least one millisecond: " + tickTimeout);
        }
        this.sessions = sessions;
        this.tickTimeout = tickTimeout;
        this.running = running;
    }

    @Override
    public <T> Optional<T> underTickLock(Function<TickTransaction, T> work) {
        return sessions.inTransaction(session -> {
            Connection connection = session.getConnection();
            running.started(connection);
            try {
                RollupMapper mapper = session.getMapper(RollupMapper.class);
                mapper.setStatementTimeout(tickTimeout.toMillis());
                if (!mapper.tryTickLock()) {
                    return Optional.<T>empty();
                }
                return Optional.of(work.apply(new Tick(mapper, Instant.now())));
            } finally {
                running.ended(connection);
            }
        });
    }

    private record Tick(RollupMapper mapper, Instant startedAt) implements TickTransaction {

        @Override
        public RollupProgress progress() {
            return mapper.readProgress().toProgress();
        }

        @Override
        public RecomputeCounts recompute(TickWindow window) {
            return mapper.recompute(window.from(), window.to()).toCounts();
        }

        @Override
        public void recordSuccess(TickWindow window, RecomputeCounts counts) {
            mapper.recordSuccess(startedAt, window.to(), counts.keysRecomputed(), counts.rowsChanged());
        }
    }
}
