package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.report.RawUsageOracle.Dimension;
import dev.tally.report.RawUsageOracle.Scope;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every report endpoint, through the real wiring and HTTP, against sums and costs computed from the
 * raw tables alone, in four timezones and over explicit, day-counted and week-counted ranges. The data
 * is rolled up and then changed after the last tick, so each comparison also covers freshness.
 */
class ReportEndpointsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** "Now" for the app: 3 November 2026, midday UTC (still the 3rd in every zone below). */
    private static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
    private static final List<String> ZONES = List.of("UTC", "America/New_York", "Asia/Tokyo", "America/Los_Angeles");
    private static final List<String> DAY_RANGES = List.of(
            "from=2026-03-01&to=2026-03-31", "from=2026-10-15&to=2026-11-10", "from=2026-02-20&to=2026-11-20",
            "days=1", "days=30", "days=366");
    private static final List<String> WEEK_RANGES = List.of(
            "from=2026-03-01&to=2026-03-31", "from=2026-02-20&to=2026-11-20", "weeks=1", "weeks=12", "weeks=104");

    private static SampleUsage usage;
    private static RunningReportApp app;
    private static RawUsageOracle oracle;
    private static String alice;

    @BeforeAll
    static void rolledUpUsageAndARunningApp() {
        usage = SampleUsage.writeTo(db.dataSource());
        app = RunningReportApp.start(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        oracle = new RawUsageOracle(db.dataSource());
        alice = app.tokenFor(SampleUsage.ALICE);
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    static Stream<Arguments> workspaceReports() {
        List<Arguments> cases = new ArrayList<>();
        for (String zone : ZONES) {
            for (String range : DAY_RANGES) {
                cases.add(Arguments.of("daily", Dimension.DAY, zone, range));
                cases.add(Arguments.of("by-agent", Dimension.AGENT, zone, range));
                cases.add(Arguments.of("by-project", Dimension.PROJECT, zone, range));
                cases.add(Arguments.of("by-runtime", Dimension.RUNTIME, zone, range));
            }
            for (String range : WEEK_RANGES) {
                cases.add(Arguments.of("weekly", Dimension.WEEK, zone, range));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} in {2}, {3}")
    @MethodSource("workspaceReports")
    void everyWorkspaceReportIsTheRawDataSummed(String report, Dimension dimension, String zone, String range) {
        Response response = app.get(workspaceUrl(report, "tz=" + zone + "&" + range), alice);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        LocalDate[] dates = expectedRange(zone, range);
        assertCovers(body, zone, dates);
        assertThat(body.path("workspace_id").asText()).isEqualTo(usage.workspace.toString());
        assertThat(RawUsageOracle.rowsOf(body)).isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(oracle.rows(dimension, Scope.workspace(usage.workspace), zone,
                        dates[0], dates[1]));
        assertThat(body.path("totals")).isEqualTo(RawUsageOracle.totalsOf(RawUsageOracle.rowsOf(body)));
    }

    @ParameterizedTest(name = "runtime usage in {0}")
    @ValueSource(strings = {"UTC", "America/New_York", "Asia/Tokyo", "America/Los_Angeles"})
    void runtimeUsageIsTheRawDataOfTheRuntimeSummed(String zone) {
        for (UUID runtime : List.of(usage.runtime, usage.secondRuntime)) {
            Response response = app.get("/api/runtimes/" + runtime + "/usage?tz=" + zone, alice);

            assertThat(response.status()).as(response.body()).isEqualTo(200);
            LocalDate today = LocalDate.ofInstant(NOW, ZoneId.of(zone));
            assertCovers(response.json(), zone, new LocalDate[] {today.minusDays(89), today});
            assertThat(response.json().path("runtime_id").asText()).isEqualTo(runtime.toString());
            assertThat(RawUsageOracle.rowsOf(response.json())).isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(oracle.rows(Dimension.DAY, Scope.runtime(runtime), zone,
                            today.minusDays(89), today));
            assertThat(response.json().path("totals"))
                    .isEqualTo(RawUsageOracle.totalsOf(RawUsageOracle.rowsOf(response.json())));
        }
    }

    @ParameterizedTest(name = "{0} of one project")
    @ValueSource(strings = {"daily", "weekly", "by-agent", "by-project", "by-runtime"})
    void theProjectFilterKeepsThatProjectsUsageOnly(String report) {
        String range = "from=2026-02-20&to=2026-11-20";
        Response response = app.get(workspaceUrl(report, "tz=America/New_York&" + range + "&project_id=" + usage.project), alice);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("project_id").asText()).isEqualTo(usage.project.toString());
        Dimension dimension = switch (report) {
            case "daily" -> Dimension.DAY;
            case "weekly" -> Dimension.WEEK;
            case "by-agent" -> Dimension.AGENT;
            case "by-runtime" -> Dimension.RUNTIME;
            default -> Dimension.PROJECT;
        };
        assertThat(RawUsageOracle.rowsOf(response.json())).isNotEmpty()
                .containsExactlyInAnyOrderElementsOf(oracle.rows(dimension, Scope.project(usage.workspace, usage.project),
                        "America/New_York", LocalDate.parse("2026-02-20"), LocalDate.parse("2026-11-20")));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("zonesAndRanges")
    void theDailySeriesThePerAgentAndPerProjectTotalsAndTheRuntimesAddUpToTheSameNumbers(String zone, String range) {
        long[] daily = totals(app.get(workspaceUrl("daily", "tz=" + zone + "&" + range), alice));

        assertThat(daily[0]).isPositive();
        assertThat(totals(app.get(workspaceUrl("by-agent", "tz=" + zone + "&" + range), alice))).isEqualTo(daily);
        assertThat(totals(app.get(workspaceUrl("by-project", "tz=" + zone + "&" + range), alice))).isEqualTo(daily);
        assertThat(totals(app.get(workspaceUrl("by-runtime", "tz=" + zone + "&" + range), alice))).isEqualTo(daily);
        long[] runtimes = add(totals(app.get("/api/runtimes/" + usage.runtime + "/usage?tz=" + zone + "&" + range, alice)),
                totals(app.get("/api/runtimes/" + usage.secondRuntime + "/usage?tz=" + zone + "&" + range, alice)));
        assertThat(runtimes).isEqualTo(daily);
    }

    static Stream<Arguments> zonesAndRanges() {
        return ZONES.stream().flatMap(zone -> Stream.of("days=1", "days=7", "days=30", "from=2026-03-02&to=2026-11-01")
                .map(range -> Arguments.of(zone, range)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"UTC", "America/New_York", "Asia/Tokyo"})
    void theWeeklySeriesOfWholeWeeksAddsUpToTheDailySeries(String zone) {
        // Monday 2 March to Sunday 1 November: whole weeks in every zone.
        String range = "from=2026-03-02&to=2026-11-01";

        assertThat(totals(app.get(workspaceUrl("weekly", "tz=" + zone + "&" + range), alice)))
                .isEqualTo(totals(app.get(workspaceUrl("daily", "tz=" + zone + "&" + range), alice)));
    }

    /** Subjects here are dates and names such as runtime-7, which Java and the database sort alike. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"daily, date, 100", "by-agent, agent_name, 12", "by-runtime, runtime_name, 6"})
    void rowsComeByTheirSubjectThenProviderThenModelWithProvidersLowerCased(String report, String subject, int moreThan) {
        JsonNode body = app.get(workspaceUrl(report, "from=2026-02-20&to=2026-11-20"), alice).json();

        List<String> keys = new ArrayList<>();
        body.path("rows").forEach(row -> {
            assertThat(row.path("provider").asText()).isLowerCase();
            keys.add(row.path(subject).asText() + " " + row.path("provider").asText() + " " + row.path("model").asText());
        });
        assertThat(keys).isSorted().doesNotHaveDuplicates().hasSizeGreaterThan(moreThan);
    }

    @Test
    void theReportsIncludeWhatTheRollupHasNotCaughtUpWith() {
        // The sample changed usage after the last tick: the rollup alone is behind the raw data.
        long rolledUp = db.sql().count("SELECT sum(input_tokens)::bigint FROM task_usage_hourly WHERE workspace_id = ?",
                usage.workspace);
        long raw = db.sql().count("""
                SELECT sum(tu.input_tokens)::bigint FROM task_usage tu
                JOIN agent_task_queue t ON t.id = tu.task_id JOIN agent a ON a.id = t.agent_id
                WHERE a.workspace_id = ?""", usage.workspace);
        Response response = app.get(workspaceUrl("daily", "from=2026-01-01&to=2026-12-31"), alice);

        assertThat(rolledUp).isNotEqualTo(raw);
        assertThat(totals(response)[0]).isEqualTo(raw);
        assertThat(Instant.parse(response.json().path("rolled_up_through").asText())).isEqualTo(db.sql()
                .single("SELECT watermark_at FROM task_usage_hourly_rollup_state", OffsetDateTime.class).toInstant());
    }

    private static void assertCovers(JsonNode body, String zone, LocalDate[] dates) {
        assertThat(body.path("timezone").asText()).isEqualTo(zone);
        assertThat(body.path("timezone_source").asText()).isEqualTo("request");
        assertThat(body.path("from").asText()).isEqualTo(dates[0].toString());
        assertThat(body.path("to").asText()).isEqualTo(dates[1].toString());
        assertThat(body.path("day_edges").asText()).isEqualTo("exact");
        assertThat(body.path("generated_at").asText()).isEqualTo(NOW.toString());
        assertThat(Instant.parse(body.path("rolled_up_through").asText())).isAfter(NOW);
    }

    /** The dates a range parameter covers, worked out here rather than asked of the domain. */
    private static LocalDate[] expectedRange(String zone, String range) {
        LocalDate today = LocalDate.ofInstant(NOW, ZoneId.of(zone));
        String[] parts = range.split("[=&]");
        return switch (parts[0]) {
            case "days" -> new LocalDate[] {today.minusDays(Long.parseLong(parts[1]) - 1), today};
            case "weeks" -> new LocalDate[] {
                today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(Long.parseLong(parts[1]) - 1),
                today};
            default -> new LocalDate[] {LocalDate.parse(parts[1]), LocalDate.parse(parts[3])};
        };
    }

    private String workspaceUrl(String report, String query) {
        return "/api/workspaces/" + usage.workspace + "/usage/" + report + "?" + query;
    }

    /** The six sums over every row of a response. */
    static long[] totals(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        long[] sums = new long[6];
        String[] fields = {"input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens", "task_count",
            "event_count"};
        response.json().path("rows").forEach(row -> {
            for (int i = 0; i < fields.length; i++) {
                sums[i] += row.path(fields[i]).asLong();
            }
        });
        return sums;
    }

    private static long[] add(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }
}
