package dev.tally.rollup.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.RollupFailureLog;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.rollup.RollupService;
import dev.tally.rollup.RollupSettings;
import java.time.Clock;

/** The domain's tick, built here because the domain carries no injection annotations, and the service that runs it. */
@Module
interface RollupModule {

    @Provides
    static Clock clock() {
        return Clock.systemUTC();
    }

    @Provides
    static RunRollupTick runRollupTick(HourlyRollupStore store, RollupFailureLog failureLog, RollupSettings settings,
                                       Clock clock) {
        return new RunRollupTick(store, failureLog, settings.policy(), clock);
    }

    @Provides
    static RollupService rollupService(RunRollupTick rollupTick, RollupSettings settings) {
        return new RollupService(rollupTick::tick, settings.interval());
    }
}
