package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every report as CSV holds exactly the JSON's rows: the header is the JSON row's field names in
 * order, each cell the JSON value as text (null empty), RFC 4180 quoting, CRLF, UTF-8.
 */
class CsvExportIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
    /** A comma, quotes, a line break and non-ASCII: everything RFC 4180 must quote, and UTF-8. */
    private static final String AWKWARD_NAME = "Ada, \"the\" agent\r\nnumber 1 \u2014 \u00fc\u00df \u65e5\u672c";
    private static final String RANGE = "?from=2026-02-20&to=2026-11-20&tz=America/New_York";

    private static SampleUsage usage;
    private static RunningReportApp app;
    private static String alice;

    @BeforeAll
    static void usageWithAnAwkwardAgentName() {
        usage = SampleUsage.writeTo(db.dataSource());
        db.sql().update("UPDATE agent SET name = ? WHERE id = (SELECT min(id::text)::uuid FROM agent WHERE workspace_id = ?)",
                AWKWARD_NAME, usage.workspace);
        app = RunningReportApp.start(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        alice = app.tokenFor(SampleUsage.ALICE);
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    static Stream<String> reports() {
        String workspace = "/api/workspaces/" + usage.workspace + "/usage/";
        return Stream.of(workspace + "daily", workspace + "weekly", workspace + "by-agent", workspace + "by-project",
                workspace + "by-runtime", "/api/runtimes/" + usage.runtime + "/usage");
    }

    @ParameterizedTest
    @MethodSource("reports")
    void theCsvHasTheJsonsRowsWithTheSameNamesAndNumbers(String report) {
        JsonNode rows = app.get(report + RANGE, alice).json().path("rows");
        Response csv = app.get(report + RANGE + "&format=csv", alice);

        assertThat(csv.status()).as(csv.body()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv").contains("charset=utf-8");
        assertThat(rows.size()).isGreaterThan(3);
        assertThat(CsvRecords.parse(csv.body())).isEqualTo(CsvRecords.expectedFrom(rows));
        assertThat(csv.body()).endsWith("\r\n").doesNotContain("\n\n");
    }

    @Test
    void quotingFollowsRfc4180AndTextIsUtf8() {
        Response csv = app.get("/api/workspaces/" + usage.workspace + "/usage/by-agent" + RANGE + "&format=csv", alice);

        assertThat(csv.body()).contains("\"Ada, \"\"the\"\" agent\r\nnumber 1 \u2014 \u00fc\u00df \u65e5\u672c\"");
        assertThat(CsvRecords.parse(csv.body())).anySatisfy(record -> assertThat(record).contains(AWKWARD_NAME));
    }

    @Test
    void acceptTextCsvAsksForCsvAndTheParameterWinsOverTheHeader() {
        String daily = "/api/workspaces/" + usage.workspace + "/usage/daily" + RANGE;
        String byParameter = app.get(daily + "&format=csv", alice).body();

        Response byHeader = app.getAccepting(daily, alice, "text/csv");
        assertThat(byHeader.body()).isEqualTo(byParameter);
        assertThat(byHeader.header("Vary")).isEqualTo("Accept");
        assertThat(app.getAccepting(daily + "&format=json", alice, "text/csv").contentType()).startsWith("application/json");
        assertThat(app.getAccepting(daily, alice, "application/json").contentType()).startsWith("application/json");
    }

    @Test
    void aReportWithoutRowsIsItsHeaderAlone() {
        String daily = "/api/workspaces/" + usage.workspace + "/usage/daily";
        List<String> header = CsvRecords.fieldNames(app.get(daily + RANGE, alice).json().path("rows").get(0));

        Response empty = app.get(daily + "?from=2025-01-01&to=2025-01-02&format=csv", alice);

        assertThat(empty.body()).isEqualTo(String.join(",", header) + "\r\n");
    }

    @Test
    void errorsStayJson() {
        String daily = "/api/workspaces/" + usage.workspace + "/usage/daily";

        Response badFormat = app.get(daily + "?format=xml", alice);
        assertThat(badFormat.status()).isEqualTo(400);
        assertThat(badFormat.error()).isEqualTo("format must be json or csv (got 'xml')");
        Response notMine = app.get("/api/workspaces/" + usage.otherWorkspace + "/usage/daily?format=csv", alice);
        assertThat(notMine.status()).isEqualTo(404);
        assertThat(notMine.contentType()).startsWith("application/json");
        assertThat(app.get(daily + "?format=csv&format=csv", alice).error()).isEqualTo("format is given more than once");
    }
}
