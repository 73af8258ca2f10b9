package dev.tally.rollup.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.rollup.RollupStatusReader;
import dev.tally.rollup.StatusMonitor;
import dev.tally.rollup.TickMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The meters /metrics serves: the ticks' own, and the gauges of the rollup's status. */
@Module
interface MonitoringModule {

    @Provides
    @Singleton
    static PrometheusMeterRegistry prometheusMeterRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Provides
    @Singleton
    static TickMetrics tickMetrics(PrometheusMeterRegistry registry) {
        return new TickMetrics(registry);
    }

    @Provides
    @Singleton
    static StatusMonitor statusMonitor(RollupStatusReader reader, PrometheusMeterRegistry registry, Clock clock) {
        return new StatusMonitor(reader, registry, clock, StatusMonitor.REFRESH_EVERY);
    }
}
