package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where usage lands, with numbers worked out by hand: local days across both New York DST changes,
 * Tokyo's and Los Angeles' midnights, Monday weeks, the exact days of Asia/Kolkata, and
 * which timezone a report uses when the request names none.
 */
class TimezoneSlicingIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final String EMAIL = "ada@example.com";

    private static RunningReportApp app;
    private static PostgresUsagePlatform platform;
    private static UUID user;
    private static UUID workspace;
    private static UUID runtime;
    private static UUID agent;
    private static String token;

    @BeforeAll
    static void oneAgentsUsageRolledUp() {
        platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            RollupTicks.tickUntilCaughtUp(db.dataSource());
            return 1;
        });
        user = db.sql().single("INSERT INTO \"user\" (email) VALUES (?) RETURNING id", UUID.class, EMAIL);
        workspace = platform.aWorkspace();
        db.sql().update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", workspace, user);
        runtime = platform.aRuntimeIn(workspace);
        agent = platform.anAgentIn(workspace, runtime);
        // New York springs forward on 8 March (EST -5 to EDT -4) ...
        usage("2026-03-08T04:30:00Z", 1);       // 7 March 23:30 EST
        usage("2026-03-08T05:30:00Z", 2);       // 8 March 00:30 EST
        usage("2026-03-09T03:30:00Z", 4);       // 8 March 23:30 EDT, the day had 23 hours
        usage("2026-03-09T04:30:00Z", 8);       // 9 March 00:30 EDT
        // ... and falls back on 1 November.
        usage("2026-11-01T03:30:00Z", 16);      // 31 October 23:30 EDT
        usage("2026-11-01T04:30:00Z", 32);      // 1 November 00:30 EDT
        usage("2026-11-02T04:30:00Z", 64);      // 1 November 23:30 EST, the day had 25 hours
        usage("2026-11-02T05:30:00Z", 128);     // 2 November 00:30 EST
        // Tokyo (+9), Los Angeles (PDT -7 from 8 March) and Kolkata (+5:30) around their midnights.
        usage("2026-03-10T14:30:00Z", 256);     // Tokyo 10 March 23:30
        usage("2026-03-10T15:30:00Z", 512);     // Tokyo 11 March 00:30
        usage("2026-03-12T04:00:00Z", 1024);    // Los Angeles 11 March 21:00, UTC 12 March
        usage("2026-03-12T18:45:00Z", 2048);    // Kolkata 13 March 00:15, in the UTC hour that began 12 March 23:30
        usage("2026-03-12T19:10:00Z", 4096);    // Kolkata 13 March 00:40
        // A week boundary in UTC: Sunday 15 March 23:30 and Monday 16 March 00:30.
        usage("2026-03-15T23:30:00Z", 8192);
        usage("2026-03-16T00:30:00Z", 16384);
        platform.tickUntilCaughtUp();
        app = RunningReportApp.start(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        token = app.tokenFor(EMAIL);
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @BeforeEach
    void noStoredTimezone() {
        db.sql().update("UPDATE \"user\" SET timezone = NULL WHERE id = ?", user);
    }

    @Test
    void newYorkDaysAcrossSpringForward() {
        assertThat(dailyInputTokens("America/New_York", "2026-03-07", "2026-03-09"))
                .containsExactly(entry("2026-03-07", 1), entry("2026-03-08", 2 + 4), entry("2026-03-09", 8));
        assertThat(dailyInputTokens("UTC", "2026-03-07", "2026-03-09"))
                .containsExactly(entry("2026-03-08", 1 + 2), entry("2026-03-09", 4 + 8));
    }

    @Test
    void newYorkDaysAcrossFallBack() {
        assertThat(dailyInputTokens("America/New_York", "2026-10-31", "2026-11-02"))
                .containsExactly(entry("2026-10-31", 16), entry("2026-11-01", 32 + 64), entry("2026-11-02", 128));
    }

    @Test
    void tokyoAndLosAngelesMidnights() {
        assertThat(dailyInputTokens("Asia/Tokyo", "2026-03-10", "2026-03-12"))
                .containsExactly(entry("2026-03-10", 256), entry("2026-03-11", 512), entry("2026-03-12", 1024));
        assertThat(dailyInputTokens("America/Los_Angeles", "2026-03-10", "2026-03-11"))
                .containsExactly(entry("2026-03-10", 256 + 512), entry("2026-03-11", 1024));
        assertThat(dailyInputTokens("UTC", "2026-03-12", "2026-03-12")).containsExactly(entry("2026-03-12", 1024 + 2048 + 4096));
    }

    @Test
    void whereMidnightIsBetweenUtcHoursDaysAreStillCutAtLocalMidnight() {
        Response response = daily("Asia/Kolkata", "2026-03-12", "2026-03-13");

        assertThat(response.json().path("day_edges").asText()).isEqualTo("exact");
        // 00:15 on the 13th counts for the 13th, although its UTC hour began at 23:30 local on the 12th.
        assertThat(inputTokensByDate(response, "date"))
                .containsExactly(entry("2026-03-12", 1024), entry("2026-03-13", 2048 + 4096));
        assertThat(daily("America/New_York", "2026-03-12", "2026-03-13").json().path("day_edges").asText()).isEqualTo("exact");
    }

    @Test
    void weeksStartOnMondayInTheViewersTimezone() {
        // New York's 16 March 00:30 UTC is Sunday 15 March 20:30: both rows in the week of 9 March.
        assertThat(inputTokensByDate(weekly("UTC", "2026-03-14", "2026-03-17"), "week_start"))
                .containsExactly(entry("2026-03-09", 8192), entry("2026-03-16", 16384));
        assertThat(inputTokensByDate(weekly("America/New_York", "2026-03-14", "2026-03-17"), "week_start"))
                .containsExactly(entry("2026-03-09", 8192 + 16384));
    }

    @Test
    void theRequestedTimezoneComesFirstThenTheStoredOneThenUtc() {
        assertThat(timezoneOf("/api/workspaces/" + workspace + "/usage/daily")).isEqualTo("UTC default");
        db.sql().update("UPDATE \"user\" SET timezone = 'Asia/Tokyo' WHERE id = ?", user);
        assertThat(timezoneOf("/api/workspaces/" + workspace + "/usage/daily")).isEqualTo("Asia/Tokyo user");
        assertThat(timezoneOf("/api/workspaces/" + workspace + "/usage/daily?tz=America/New_York"))
                .isEqualTo("America/New_York request");
        assertThat(timezoneOf("/api/runtimes/" + runtime + "/usage")).isEqualTo("Asia/Tokyo user");
        db.sql().update("UPDATE \"user\" SET timezone = 'Bad/Zone' WHERE id = ?", user);
        assertThat(timezoneOf("/api/workspaces/" + workspace + "/usage/by-agent")).isEqualTo("UTC default");
    }

    @Test
    void theStoredTimezoneSlicesTheDays() {
        db.sql().update("UPDATE \"user\" SET timezone = 'America/New_York' WHERE id = ?", user);

        Response response = app.get("/api/workspaces/" + workspace + "/usage/daily?from=2026-03-07&to=2026-03-09", token);

        assertThat(inputTokensByDate(response, "date"))
                .containsExactly(entry("2026-03-07", 1), entry("2026-03-08", 2 + 4), entry("2026-03-09", 8));
    }

    @Test
    void usageWrittenAfterTheLastTickShowsUpAtOnce() {
        UUID task = platform.aTask(agent, runtime, null);
        platform.reportUsage(task, "anthropic", "claude-opus", Instant.parse("2026-11-20T09:00:00Z"), Tokens.of(5, 1));

        Response response = daily("UTC", "2026-11-20", "2026-11-20");

        assertThat(response.json().path("rows")).hasSize(1);
        assertThat(response.json().path("rows").get(0).path("model").asText()).isEqualTo("claude-opus");
        assertThat(inputTokensByDate(response, "date")).containsExactly(entry("2026-11-20", 5));
    }

    private static void usage(String createdAt, long inputTokens) {
        UUID task = platform.aTask(agent, runtime, null);
        platform.reportUsage(task, "anthropic", "claude-sonnet", Instant.parse(createdAt), Tokens.of(inputTokens, 0));
    }

    private Map<String, Long> dailyInputTokens(String zone, String from, String to) {
        return inputTokensByDate(daily(zone, from, to), "date");
    }

    private Response daily(String zone, String from, String to) {
        return app.get("/api/workspaces/" + workspace + "/usage/daily?tz=" + zone + "&from=" + from + "&to=" + to, token);
    }

    private Response weekly(String zone, String from, String to) {
        return app.get("/api/workspaces/" + workspace + "/usage/weekly?tz=" + zone + "&from=" + from + "&to=" + to, token);
    }

    private String timezoneOf(String path) {
        JsonNode body = app.get(path, token).json();
        return body.path("timezone").asText() + " " + body.path("timezone_source").asText();
    }

    private static Map<String, Long> inputTokensByDate(Response response, String dateField) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, Long> byDate = new LinkedHashMap<>();
        response.json().path("rows").forEach(row ->
                byDate.merge(row.path(dateField).asText(), row.path("input_tokens").asLong(), Long::sum));
        return byDate;
    }

    private static Map.Entry<String, Long> entry(String date, long inputTokens) {
        return Map.entry(date, inputTokens);
    }
}
