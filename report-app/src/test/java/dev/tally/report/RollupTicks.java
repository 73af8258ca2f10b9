package dev.tally.report;

import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.persistence.postgres.TallyPostgres;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** The Java rollup tick without lag, run until it has caught up: the data reports read is rolled up. */
final class RollupTicks {

    private static final int ENOUGH = 1_000;

    private RollupTicks() {
    }

    static void tickUntilCaughtUp(DataSource dataSource) {
        TallyPostgres postgres = TallyPostgres.create(dataSource);
        RunRollupTick tick = new RunRollupTick(postgres.hourlyRollupStore(Duration.ofMinutes(1)),
                postgres.rollupFailureLog(), new RollupPolicy(Duration.ZERO, Duration.ofDays(1)), Clock.systemUTC());
        for (int ticks = 0; ticks < ENOUGH; ticks++) {
            TickOutcome outcome = tick.tick();
            if (!(outcome instanceof TickOutcome.Completed completed)) {
                throw new AssertionError("tick did not complete: " + outcome);
            }
            if (completed.caughtUp()) {
                return;
            }
        }
        throw new AssertionError("not caught up after " + ENOUGH + " ticks");
    }
}
