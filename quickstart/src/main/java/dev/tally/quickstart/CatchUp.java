package dev.tally.quickstart;

import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.persistence.postgres.TallyPostgres;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Runs rollup ticks, as rollup-app does, until one reports it has caught up. No lag: the sample was
 * just written, and the quickstart wants every row of it rolled up before it checks.
 */
final class CatchUp {

    private static final int MOST_TICKS = 10_000;

    private final RunRollupTick tick;
    private final Consumer<String> progress;

    CatchUp(DataSource dataSource, Consumer<String> progress) {
        TallyPostgres postgres = TallyPostgres.create(dataSource);
        this.tick = new RunRollupTick(postgres.hourlyRollupStore(Duration.ofMinutes(5)), postgres.rollupFailureLog(),
                new RollupPolicy(Duration.ZERO, Duration.ofDays(1)), Clock.systemUTC());
        this.progress = progress;
    }

    /** Ticks until caught up; returns the number of ticks. */
    int run() {
        long keys = 0;
        for (int ticks = 1; ticks <= MOST_TICKS; ticks++) {
            TickOutcome outcome = tick.tick();
            if (outcome instanceof TickOutcome.Failed failed) {
                throw new IllegalStateException("a rollup tick failed: " + failed.error());
            }
            if (outcome instanceof TickOutcome.Skipped) {
                progress.accept("another ticker holds the tick lock; waiting for it");
                pause();
            }
            if (outcome instanceof TickOutcome.Completed completed) {
                keys += completed.counts().keysRecomputed();
                progress.accept(String.format("tick %d: window %s, %,d keys recomputed so far", ticks,
                        completed.window(), keys));
                if (completed.caughtUp()) {
                    return ticks;
                }
            }
        }
        throw new IllegalStateException("the rollup did not catch up in " + MOST_TICKS + " ticks");
    }

    private static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while catching up", e);
        }
    }

    /** One more tick, for keeping the rollup fresh while the reports are served. */
    TickOutcome tickOnce() {
        return tick.tick();
    }
}
