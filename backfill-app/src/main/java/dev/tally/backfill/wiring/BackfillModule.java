package dev.tally.backfill.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.backfill.BackfillJob;
import dev.tally.backfill.BackfillSettings;
import dev.tally.backfill.StopSignal;
import dev.tally.backfill.Terminal;
import dev.tally.domain.backfill.BackfillStore;
import dev.tally.domain.backfill.PlanBackfill;
import dev.tally.domain.backfill.RunBackfill;
import java.time.Clock;

/** The domain's backfill use cases, built here because the domain carries no injection annotations, and the job around them. */
@Module
interface BackfillModule {

    @Provides
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    static PlanBackfill planBackfill(BackfillStore store) {
        return new PlanBackfill(store);
    }

    /** Pauses between slices end early when a stop is requested. */
    @Provides
    static RunBackfill runBackfill(BackfillStore store, StopSignal stop) {
        return new RunBackfill(store, stop::pause);
    }

    @Provides
    static BackfillJob backfillJob(PlanBackfill planner, RunBackfill runner, BackfillSettings settings, Terminal terminal,
            StopSignal stop, Clock clock) {
        return new BackfillJob(planner, runner, settings, terminal, stop, clock);
    }
}
