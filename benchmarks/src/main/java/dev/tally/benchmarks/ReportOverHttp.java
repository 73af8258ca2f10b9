package dev.tally.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.domain.report.access.CreateAccessToken;
import dev.tally.report.ReportSettings;
import dev.tally.report.http.ReportServer;
import dev.tally.report.Standbys;
import dev.tally.report.wiring.DaggerReportComponent;
import dev.tally.report.wiring.ReportComponent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * report-app's real wiring and HTTP server, in this process on a free loopback port, and one
 * client asking it for a workspace's daily report: what a dashboard pays, JSON included.
 */
final class ReportOverHttp implements AutoCloseable {

    /** The owner of every generated workspace (workload's entities.sql). */
    private static final String VIEWER = "demo@sample.tally.dev";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReportServer server;
    private final URI base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ReportOverHttp(DataSource dataSource) {
        ReportComponent app = DaggerReportComponent.builder()
                .settings(new ReportSettings("127.0.0.1", 0, Duration.ofMinutes(2)))
                .clock(Clock.systemUTC())
                .dataSource(dataSource)
                .standbys(Standbys.NONE)
                .build();
        if (!(app.createAccessToken().run(VIEWER, "benchmark") instanceof CreateAccessToken.Created created)) {
            throw new IllegalStateException("no user " + VIEWER + " to create a report token for");
        }
        this.token = created.token().reveal();
        this.server = app.server();
        this.base = URI.create("http://127.0.0.1:" + server.start());
    }

    /**
     * The daily report of the last {@code days} local days, as rows shaped like the SQL answers:
     * date, provider, model, then the four token sums, task count and event count.
     */
    List<List<String>> daily(UUID workspace, String zone, int days) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(
                        "/api/workspaces/" + workspace + "/usage/daily?days=" + days + "&tz=" + zone))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofMinutes(2))
                .GET()
                .build();
        try {
            var response = http.send(request, BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("report-app answered " + response.statusCode() + ": " + response.body());
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode row : JSON.readTree(response.body()).path("rows")) {
                rows.add(List.of(row.path("date").asText(), row.path("provider").asText(), row.path("model").asText(),
                        row.path("input_tokens").asText(), row.path("output_tokens").asText(),
                        row.path("cache_read_tokens").asText(), row.path("cache_write_tokens").asText(),
                        row.path("task_count").asText(), row.path("event_count").asText()));
            }
            return rows;
        } catch (IOException e) {
            throw new IllegalStateException("report over HTTP: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for report-app", e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
