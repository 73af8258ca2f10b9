package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.RecomputeCounts;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.TickWindow;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TickMetricsTest {

    private static final TickWindow A_DAY = new TickWindow(Instant.parse("2026-03-10T00:00:00Z"),
            Instant.parse("2026-03-11T00:00:00Z"));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TickMetrics metrics = new TickMetrics(registry);

    @Test
    void everyMeterIsThereAtZeroBeforeTheFirstTick() {
        assertThat(registry.scrape()).contains(
                "tally_rollup_ticks_total{outcome=\"completed\"} 0.0",
                "tally_rollup_ticks_total{outcome=\"skipped\"} 0.0",
                "tally_rollup_ticks_total{outcome=\"failed\"} 0.0",
                "tally_rollup_tick_cap_hits_total 0.0",
                "tally_rollup_tick_duration_seconds_count{outcome=\"completed\"} 0",
                "tally_rollup_tick_rows_count{change=\"written\"} 0");
    }

    @Test
    void ticksAreCountedByOutcomeWithTheirDurationsRowsAndCapHits() {
        metrics.accept(new TickOutcome.Completed(A_DAY, new RecomputeCounts(12, 10, 2), Duration.ofMillis(1500), false));
        metrics.accept(new TickOutcome.Completed(A_DAY, new RecomputeCounts(3, 3, 0), Duration.ofMillis(500), true));
        metrics.accept(new TickOutcome.Skipped(Duration.ofMillis(2)));
        metrics.accept(new TickOutcome.Failed("ERROR: canceling statement due to statement timeout", Duration.ofSeconds(3)));

        assertThat(registry.scrape()).contains(
                "tally_rollup_ticks_total{outcome=\"completed\"} 2.0",
                "tally_rollup_ticks_total{outcome=\"skipped\"} 1.0",
                "tally_rollup_ticks_total{outcome=\"failed\"} 1.0",
                "tally_rollup_tick_cap_hits_total 1.0",
                "tally_rollup_tick_duration_seconds_count{outcome=\"completed\"} 2",
                "tally_rollup_tick_duration_seconds_sum{outcome=\"completed\"} 2.0",
                "tally_rollup_tick_duration_seconds_sum{outcome=\"failed\"} 3.0",
                "tally_rollup_tick_rows_sum{change=\"written\"} 13.0",
                "tally_rollup_tick_rows_sum{change=\"deleted\"} 2.0",
                "tally_rollup_tick_rows_max{change=\"written\"} 10.0");
    }
}
