package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.RecomputeCounts;
import dev.tally.domain.rollup.RollupProgress;
import dev.tally.domain.rollup.TickTransaction;
import dev.tally.domain.rollup.TickWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * One tick = one transaction on one connection, holding the transaction-scoped tick lock, with a
 * statement timeout. Whatever ends the transaction (commit, rollback, timeout, a killed
 * connection) releases the lock: it cannot outlive the tick.
 */
public final class PostgresHourlyRollupStore implements HourlyRollupStore {

    private final MyBatisSessions sessions;
    private final Duration tickTimeout;

    public PostgresHourlyRollupStore(MyBatisSessions sessions, Duration tickTimeout) {
        // statement_timeout counts milliseconds, and 0 would mean no timeout at all.
        if (tickTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("tickTimeout must be at least one millisecond: " + tickTimeout);
        }
        this.sessions = sessions;
        this.tickTimeout = tickTimeout;
    }

    @Override
    public <T> Optional<T> underTickLock(Function<TickTransaction, T> work) {
        return sessions.inTransaction(session -> {
            RollupMapper mapper = session.getMapper(RollupMapper.class);
            mapper.setStatementTimeout(tickTimeout.toMillis());
            if (!mapper.tryTickLock()) {
                return Optional.empty();
            }
            return Optional.of(work.apply(new Tick(mapper, Instant.now())));
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
