package dev.tally.backfill.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.backfill.BackfillJob;
import dev.tally.backfill.BackfillSettings;
import dev.tally.backfill.StopSignal;
import dev.tally.backfill.Terminal;
import dev.tally.backfill.VerifyJob;
import dev.tally.domain.backfill.RollupDrift;
import dev.tally.domain.backfill.VerifyRollup;
import dev.tally.domain.backfill.BackfillRuns;
import dev.tally.domain.backfill.PlanBackfill;
import dev.tally.domain.backfill.RollupWatermark;
import dev.tally.domain.backfill.RunBackfill;
import dev.tally.domain.backfill.SliceRunner;
import dev.tally.domain.backfill.UsageHistory;
import java.time.Clock;

/** The domain's backfill use cases, built here because the domain carries no injection annotations, and the job around them. */
@Module
interface BackfillModule {

    @Provides
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    static PlanBackfill planBackfill(UsageHistory history) {
        return new PlanBackfill(history);
    }

    /** Pauses between slices end early when a stop is requested. */
    @Provides
    static RunBackfill runBackfill(PlanBackfill planner, BackfillRuns runs, SliceRunner slices, RollupWatermark watermark,
            StopSignal stop) {
        return new RunBackfill(planner, runs, slices, watermark, stop::pause);
    }

    @Provides
    static BackfillJob backfillJob(PlanBackfill planner, RunBackfill runner, BackfillSettings settings, Terminal terminal,
            StopSignal stop, Clock clock) {
        return new BackfillJob(planner, runner, settings, terminal, stop, clock);
    }

    @Provides
    static VerifyJob verifyJob(UsageHistory history, RollupDrift drift, Terminal terminal, Clock clock) {
        return new VerifyJob(new VerifyRollup(history, drift), terminal, clock);
    }
}
