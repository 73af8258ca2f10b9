package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Read URLs that cannot serve reports, on any test server (no standby needed): one that leads to a
 * primary, one where nothing listens. Reports are read on the primary and say why; the metrics count it.
 */
class StandbyFallbacksIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static String report;

    @BeforeAll
    static void aMemberWithUsageToday() {
        UUID user = db.sql().single("INSERT INTO \"user\" (email, name) VALUES ('ada@example.com', 'Ada') RETURNING id",
                UUID.class);
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> 0);
        UUID workspace = platform.aWorkspace();
        db.sql().update("INSERT INTO member (workspace_id, user_id, role) VALUES (?, ?, 'admin')", workspace, user);
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID task = platform.aTask(platform.anAgentIn(workspace, runtime), runtime, null);
        platform.reportUsage(task, "anthropic", "claude-sonnet", Instant.now(), Tokens.of(120, 30));
        report = "/api/workspaces/" + workspace + "/usage/daily?days=1";
    }

    @Test
    void aReadUrlThatLeadsToAPrimaryIsNotUsedAndTheResponseSaysSo() {
        try (HikariDataSource notAStandby = StandbyPool.to(db.url(), db.user(), db.password());
             RunningReportApp app = appReadingFrom(notAStandby)) {
            JsonNode body = readOnThePrimary(app, "not_a_standby");

            assertThat(body.path("rows").toString()).contains("\"input_tokens\":120");
            assertThat(app.getWithoutToken("/metrics").body()).contains(
                    "tally_report_reads_total{source=\"primary\"} 1.0",
                    "tally_report_replica_fallbacks_total{reason=\"not_a_standby\"} 1.0");
        }
    }

    @Test
    void aStandbyWhereNothingListensLeavesReportsToThePrimaryAndIsNotTriedOnEveryReport() throws IOException {
        try (HikariDataSource down = StandbyPool.to("jdbc:postgresql://127.0.0.1:" + aClosedPort() + "/tally",
                db.user(), db.password());
             RunningReportApp app = appReadingFrom(down)) {
            readOnThePrimary(app, "standby_unavailable");
            long started = System.nanoTime();
            readOnThePrimary(app, "standby_unavailable");

            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the second report does not wait for it")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(app.getWithoutToken("/metrics").body()).contains(
                    "tally_report_reads_total{source=\"primary\"} 2.0",
                    "tally_report_replica_fallbacks_total{reason=\"standby_unavailable\"} 2.0");
        }
    }

    private static RunningReportApp appReadingFrom(HikariDataSource standby) {
        return RunningReportApp.startWithStandbys(db.dataSource(), new Standbys(List.of(standby)), Duration.ofSeconds(10));
    }

    /** The report, read on the primary, saying {@code reason}. */
    private static JsonNode readOnThePrimary(RunningReportApp app, String reason) {
        Response response = app.get(report, app.tokenFor("ada@example.com"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.path("served_by").asText()).isEqualTo("primary");
        assertThat(body.path("fallback_reason").asText()).isEqualTo(reason);
        assertThat(body.has("replica_lag_seconds")).isFalse();
        return body;
    }

    private static int aClosedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
