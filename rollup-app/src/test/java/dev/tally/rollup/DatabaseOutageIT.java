package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The database goes away and comes back. The service reaches it through a TCP proxy that the test
 * stops (every connection breaks, new ones are refused) and restarts on the same port. It must not
 * die: it reports itself down on /health, retries, and resumes by itself.
 */
class DatabaseOutageIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant MONDAY_MORNING = Instant.parse("2025-06-02T09:15:00Z");

    private PostgresUsagePlatform platform;
    private UUID agent;
    private UUID runtime;

    @BeforeEach
    void anAgent() {
        db.reset();
        platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("the service under test ticks");
        });
        UUID workspace = platform.aWorkspace();
        runtime = platform.aRuntimeIn(workspace);
        agent = platform.anAgentIn(workspace, runtime);
    }

    @Test
    void theServiceReportsTheOutageRetriesAndRecoversWithoutARestart() throws Exception {
        usageAt(MONDAY_MORNING);
        try (TcpProxy proxy = new TcpProxy(db.url());
             RunningRollupApp app = RunningRollupApp.started(proxy.url(), db.user(), db.password(),
                     "--lag", "PT0S", "--interval", "PT1S", "--http-port", String.valueOf(Http.freePort()))) {
            Http http = app.http();
            assertThat(http.await("/health", response -> response.status() == 200).status()).isEqualTo(200);

            proxy.stop();
            Http.Response down = http.await("/health", response -> response.status() == 503);
            usageAt(MONDAY_MORNING.plus(Duration.ofHours(1))); // written straight to the server meanwhile

            assertThat(down.status()).isEqualTo(503);
            assertThat(down.body()).contains("\"status\":\"down\"", "\"database\":\"down\"",
                    "the database does not answer");
            Http.Response metrics = http.await("/metrics",
                    response -> !response.body().contains("tally_rollup_ticks_total{outcome=\"failed\"} 0.0"));
            assertThat(metrics.body()).contains("tally_rollup_database_up 0.0", "tally_rollup_watermark_lag_seconds NaN");
            assertThat(app.isRunning()).as("the service is still running").isTrue();

            proxy.restart();
            Http.Response up = http.await("/health", response -> response.status() == 200);

            assertThat(up.status()).as(up.body()).isEqualTo(200);
            awaitRollupOf(2);
            assertThat(app.isRunning()).isTrue();
        }
    }

    @Test
    void aServiceStartedWhileTheDatabaseIsDownWaitsForItThenTicks() throws Exception {
        usageAt(MONDAY_MORNING);
        try (TcpProxy proxy = new TcpProxy(db.url())) {
            proxy.stop();
            try (RunningRollupApp app = RunningRollupApp.started(proxy.url(), db.user(), db.password(),
                    "--lag", "PT0S", "--interval", "PT1S", "--http-port", String.valueOf(Http.freePort()))) {
                Http http = app.http();
                Http.Response waiting = http.await("/health", response -> response.body().contains("does not answer"));

                assertThat(waiting.status()).isEqualTo(503);
                assertThat(app.isRunning()).as("waiting for the database, not dead").isTrue();

                proxy.restart();

                assertThat(http.await("/health", response -> response.status() == 200).status()).isEqualTo(200);
                awaitRollupOf(1);
            }
        }
    }

    private void usageAt(Instant createdAt) {
        platform.reportUsage(platform.aTask(agent, runtime, null), "anthropic", "claude-sonnet", createdAt,
                Tokens.of(100, 10));
    }

    /** Waits for ticks to roll up what the raw tables hold: {@code rows} hourly rows, equal to the oracle. */
    private static void awaitRollupOf(long rows) throws InterruptedException {
        for (int i = 0; i < 300 && RollupOracle.hourlyRows(db.dataSource()) < rows; i++) {
            Thread.sleep(100);
        }
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isEqualTo(rows);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }
}
