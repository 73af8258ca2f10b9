package dev.tally.domain.rollup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Runs one rollup tick: choose the window, recompute it, record the outcome. */
public final class RunRollupTick {

    private final HourlyRollupStore store;
    private final RollupFailureLog failureLog;
    private final RollupPolicy policy;
    private final Clock clock;

    public RunRollupTick(HourlyRollupStore store, RollupFailureLog failureLog, RollupPolicy policy, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.failureLog = Objects.requireNonNull(failureLog, "failureLog");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TickOutcome tick() {
        Instant startedAt = clock.instant();
        try {
            return store.underTickLock(this::process)
                    // Measured after the store has committed, so the duration includes the commit.
                    .<TickOutcome>map(done -> new TickOutcome.Completed(
                            done.window(), done.counts(), since(startedAt), done.caughtUp()))
                    .orElseGet(() -> new TickOutcome.Skipped(since(startedAt)));
        } catch (RuntimeException e) {
            return new TickOutcome.Failed(recordFailure(startedAt, RootCause.message(e)), since(startedAt));
        }
    }

    private Processed process(TickTransaction tx) {
        RollupProgress progress = tx.progress();
        TickWindow window = policy.windowFor(progress);
        RecomputeCounts counts = tx.recompute(window);
        tx.recordSuccess(window, counts);
        return new Processed(window, counts, policy.isCaughtUp(progress, window));
    }

    private record Processed(TickWindow window, RecomputeCounts counts, boolean caughtUp) {
    }

    /** Records the error; when the database is unreachable that fails too, and the outcome says so. */
    private String recordFailure(Instant startedAt, String error) {
        try {
            failureLog.recordFailure(startedAt, error);
            return error;
        } catch (RuntimeException e) {
            return error + " (not recorded in the rollup state: " + RootCause.message(e) + ")";
        }
    }

    private Duration since(Instant startedAt) {
        return Duration.between(startedAt, clock.instant());
    }
}
