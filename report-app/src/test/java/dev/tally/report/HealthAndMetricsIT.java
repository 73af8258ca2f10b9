package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/** /health and /metrics need no token; a database that does not answer is a 503, never a stack trace. */
class HealthAndMetricsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static RunningReportApp app;
    private static UUID workspace;
    private static String token;

    @BeforeAll
    static void start() {
        UUID user = db.sql().single("INSERT INTO \"user\" (email) VALUES ('ada@example.com') RETURNING id", UUID.class);
        workspace = new PostgresUsagePlatform(db.dataSource(), () -> 0).aWorkspace();
        db.sql().update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", workspace, user);
        app = RunningReportApp.start(db.dataSource(), Clock.systemUTC());
        token = app.tokenFor("ada@example.com");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void healthIsOkWhileTheDatabaseAnswers() {
        Response health = app.getWithoutToken("/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("ok");
    }

    @Test
    void metricsCountAndTimeRequestsByRouteAndStatusInPrometheusTextFormat() {
        app.get("/api/workspaces/" + workspace + "/usage/daily?days=7", token);
        app.get("/api/workspaces/" + workspace + "/usage/daily?days=0", token);
        app.getWithoutToken("/api/me");
        app.getWithoutToken("/no/such/page");

        Response metrics = app.getWithoutToken("/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body())
                .contains("# TYPE http_server_requests_seconds histogram")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\","
                        + "route=\"/api/workspaces/\\{workspaceId\\}/usage/daily\",status=\"200\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\","
                        + "route=\"/api/workspaces/\\{workspaceId\\}/usage/daily\",status=\"400\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",route=\"/api/\\*\",status=\"401\"} [1-9]")
                .containsPattern("http_server_requests_seconds_count\\{method=\"GET\",route=\"unmatched\",status=\"404\"} [1-9]")
                .contains("http_server_requests_seconds_bucket{")
                .contains("jvm_memory_used_bytes")
                .doesNotContain(workspace.toString());
    }

    @Test
    void withTheDatabaseGoneHealthAndReportsSay503() throws IOException {
        try (RunningReportApp cutOff = RunningReportApp.start(unreachableDatabase(), Clock.systemUTC())) {
            Response health = cutOff.getWithoutToken("/health");
            Response report = cutOff.get("/api/workspaces/" + workspace + "/usage/daily", token);

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().path("status").asText()).isEqualTo("unavailable");
            assertThat(report.status()).isEqualTo(503);
            assertThat(report.body()).isEqualTo("{\"error\":\"the database does not answer; try again shortly\"}");
        }
    }

    /** A PostgreSQL URL on a port nothing listens on. */
    private static PGSimpleDataSource unreachableDatabase() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl("jdbc:postgresql://127.0.0.1:" + port + "/tally");
        dataSource.setUser("postgres");
        dataSource.setConnectTimeout(2);
        return dataSource;
    }
}
