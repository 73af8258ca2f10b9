package dev.tally.rollup.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.InFlightTicks;
import dev.tally.domain.rollup.RollupFailureLog;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.rollup.Backoff;
import dev.tally.rollup.GracefulStop;
import dev.tally.rollup.RollupDaemon;
import dev.tally.rollup.RollupService;
import dev.tally.rollup.RollupSettings;
import dev.tally.rollup.StatusMonitor;
import dev.tally.rollup.TickMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The domain's tick, built here because the domain carries no injection annotations, the service that
 * runs it, and how that service stops.
 */
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

    /** Every tick's outcome goes to the metrics and to the monitor, which reads the status the tick left. */
    @Provides
    @Singleton
    static RollupService rollupService(RunRollupTick rollupTick, TickMetrics metrics, StatusMonitor monitor,
                                       RollupSettings settings) {
        return new RollupService(rollupTick::tick, metrics.andThen(monitor::tickEnded), settings.interval(),
                Backoff.DEFAULT);
    }

    @Provides
    @Singleton
    static GracefulStop gracefulStop(RollupService service, InFlightTicks ticks) {
        return new GracefulStop(service, ticks);
    }

    @Provides
    @Singleton
    static RollupDaemon rollupDaemon(RollupService service, StatusMonitor monitor,
                                     PrometheusMeterRegistry registry,
                                     RollupSettings settings, Clock clock) {
        return new RollupDaemon(service, monitor, registry, settings, clock);
    }
}
