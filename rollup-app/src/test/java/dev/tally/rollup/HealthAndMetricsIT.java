package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /health and GET /metrics of the service, assembled by its real wiring, against a real PostgreSQL. */
class HealthAndMetricsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant MONDAY_MORNING = Instant.parse("2025-06-02T09:15:00Z");
    private static final String COMPLETED_TICKS = "tally_rollup_ticks_total{outcome=\"completed\"}";
    private static final String CAP_HITS = "tally_rollup_tick_cap_hits_total";

    private PostgresUsagePlatform platform;
    private UUID task;

    @BeforeEach
    void aTaskWithUsageInTwoHours() {
        db.reset();
        platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("the service under test ticks");
        });
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        task = platform.aTask(platform.anAgentIn(workspace, runtime), runtime, null);
        platform.reportUsage(task, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(1200, 300));
        platform.reportUsage(task, "anthropic", "claude-haiku", MONDAY_MORNING.plus(Duration.ofHours(1)), Tokens.of(80, 20));
    }

    @Test
    void afterATickHealthIsUpAndMetricsShowTheTicksTheWatermarkAndTheQueue() throws Exception {
        try (RunningRollupApp app = start("--interval", "PT1H")) {
            Http http = app.http();
            Http.Response health = http.await("/health", response -> response.status() == 200);

            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.contentType()).isEqualTo("application/json");
            assertThat(health.body()).contains("\"status\":\"up\"", "\"reasons\":[]", "\"database\":\"up\"",
                    "\"lastError\":null", "\"lastTickHere\":\"completed\"", "\"maxStalenessSeconds\":5100");

            // A delete queues its key; with an hour between ticks it waits in the queue for the scrape to see.
            platform.deleteUsage(task, "anthropic", "claude-haiku");
            Http.Response metrics = http.await("/metrics", response -> response.body().contains("tally_rollup_dirty_keys 1.0"));

            assertThat(metrics.status()).isEqualTo(200);
            assertThat(metrics.contentType()).startsWith("text/plain; version=0.0.4");
            assertThat(metrics.body()).contains(
                    "tally_rollup_ticks_total{outcome=\"completed\"} 1.0",
                    "tally_rollup_ticks_total{outcome=\"failed\"} 0.0",
                    "tally_rollup_ticks_total{outcome=\"skipped\"} 0.0",
                    "tally_rollup_tick_duration_seconds_count{outcome=\"completed\"} 1",
                    "tally_rollup_tick_rows_sum{change=\"written\"} 2.0",
                    "tally_rollup_tick_rows_sum{change=\"deleted\"} 0.0",
                    "tally_rollup_tick_cap_hits_total 0.0",
                    "tally_rollup_database_up 1.0",
                    "tally_rollup_dirty_keys 1.0");
            assertThat(gauge(metrics.body(), "tally_rollup_watermark_lag_seconds")).isBetween(0.0, 60.0);
            assertThat(gauge(metrics.body(), "tally_rollup_last_success_age_seconds")).isBetween(0.0, 60.0);
            assertThat(gauge(metrics.body(), "tally_rollup_dirty_oldest_age_seconds")).isBetween(0.0, 60.0);
        }
    }

    @Test
    void catchingUpInCappedWindowsCountsCapHitsAndRows() throws Exception {
        platform.reportUsage(task, "anthropic", "claude-opus", MONDAY_MORNING.plus(Duration.ofDays(2)), Tokens.of(5, 5));
        // Every change was written within the last seconds: a window of a millisecond caps each tick.
        try (RunningRollupApp app = start("--interval", "PT1H", "--max-window", "PT0.001S")) {
            Http http = app.http();
            // Caught up: every tick but the last stopped at the cap (ticks are counted after their cap hits).
            Http.Response metrics = http.await("/metrics", response -> sample(response.body(), COMPLETED_TICKS) > 1
                    && sample(response.body(), COMPLETED_TICKS) == sample(response.body(), CAP_HITS) + 1);

            assertThat(sample(metrics.body(), CAP_HITS)).as(metrics.body()).isGreaterThanOrEqualTo(1.0);
            assertThat(sample(metrics.body(), COMPLETED_TICKS)).isEqualTo(sample(metrics.body(), CAP_HITS) + 1);
            assertThat(metrics.body()).contains("tally_rollup_tick_rows_sum{change=\"written\"} 3.0");
        }
    }

    @Test
    void healthIsDownSayingWhyOnceTheLastSuccessIsOlderThanTheBound() throws Exception {
        try (RunningRollupApp app = start("--interval", "PT1H", "--health-max-staleness", "PT5S")) {
            Http http = app.http();
            assertThat(http.await("/health", response -> response.status() == 200).status()).isEqualTo(200);

            Http.Response stale = http.await("/health", response -> response.status() == 503);

            assertThat(stale.status()).isEqualTo(503);
            assertThat(stale.body()).contains("\"status\":\"down\"", "\"database\":\"up\"",
                    "more than the 5 s --health-max-staleness allows");
        }
    }

    @Test
    void onlyGetAndHeadOfTheTwoPathsAreServed() throws Exception {
        try (RunningRollupApp app = start("--interval", "PT1H")) {
            Http http = app.http();
            http.await("/health", response -> response.status() == 200);

            assertThat(http.get("/").status()).isEqualTo(404);
            assertThat(http.get("/healthz").status()).isEqualTo(404);
            assertThat(http.get("/metrics/x").status()).isEqualTo(404);
            assertThat(http.send("POST", "/health").status()).isEqualTo(405);
            Http.Response head = http.send("HEAD", "/health");
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
        }
    }

    private static RunningRollupApp start(String... flags) {
        String[] all = new String[flags.length + 4];
        all[0] = "--lag";
        all[1] = "PT0S";
        all[2] = "--http-port";
        all[3] = String.valueOf(Http.freePort());
        System.arraycopy(flags, 0, all, 4, flags.length);
        return RunningRollupApp.started(db.url(), db.user(), db.password(), all);
    }

    /** The value of the sample {@code series} (a name, with its labels if it has any); NaN when there is none. */
    private static double sample(String metrics, String series) {
        Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return sample.find() ? Double.parseDouble(sample.group(1)) : Double.NaN;
    }

    private static double gauge(String metrics, String series) {
        double value = sample(metrics, series);
        assertThat(value).as(series + " in\n" + metrics).isNotNaN();
        return value;
    }
}
