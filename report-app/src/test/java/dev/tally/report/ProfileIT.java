package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** GET and PATCH /api/me: the caller's profile and the timezone their reports use by default. */
class ProfileIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static RunningReportApp app;
    private static UUID user;
    private static UUID workspace;
    private static String token;

    @BeforeAll
    static void aUserInOneWorkspace() {
        user = db.sql().single("INSERT INTO \"user\" (email, name) VALUES ('ada@example.com', 'Ada') RETURNING id", UUID.class);
        workspace = new PostgresUsagePlatform(db.dataSource(), () -> 0).aWorkspace();
        db.sql().update("INSERT INTO member (workspace_id, user_id, role) VALUES (?, ?, 'admin')", workspace, user);
        app = RunningReportApp.start(db.dataSource(), Clock.systemUTC());
        token = app.tokenFor("ada@example.com");
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @BeforeEach
    void noTimezoneStored() {
        db.sql().update("UPDATE \"user\" SET timezone = NULL WHERE id = ?", user);
    }

    @Test
    void theProfileSaysWhoTheCallerIsWhereTheyAreMembersAndWhichTimezoneReportsUse() {
        JsonNode me = ok(app.get("/api/me", token));

        assertThat(me.path("id").asText()).isEqualTo(user.toString());
        assertThat(me.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(me.path("name").asText()).isEqualTo("Ada");
        assertThat(me.path("timezone").isNull()).isTrue();
        assertThat(me.path("report_timezone").asText()).isEqualTo("UTC");
        assertThat(me.path("report_timezone_source").asText()).isEqualTo("default");
        assertThat(me.path("workspaces")).hasSize(1);
        assertThat(me.path("workspaces").get(0).path("id").asText()).isEqualTo(workspace.toString());
        assertThat(me.path("workspaces").get(0).path("role").asText()).isEqualTo("admin");
    }

    @Test
    void anAcceptedTimezoneIsStoredEchoedAndUsedByReports() {
        JsonNode changed = ok(app.patch("/api/me", token, "{\"timezone\": \"Asia/Tokyo\"}"));

        assertThat(changed.path("timezone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(changed.path("report_timezone_source").asText()).isEqualTo("user");
        assertThat(storedTimezone()).isEqualTo("Asia/Tokyo");
        JsonNode report = ok(app.get("/api/workspaces/" + workspace + "/usage/daily", token));
        assertThat(report.path("timezone").asText()).isEqualTo("Asia/Tokyo");
        assertThat(report.path("timezone_source").asText()).isEqualTo("user");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"{\"timezone\": \"\"}", "{\"timezone\": \"   \"}", "{\"timezone\": null}"})
    void anEmptyStringOrNullClearsIt(String body) {
        db.sql().update("UPDATE \"user\" SET timezone = 'Europe/Berlin' WHERE id = ?", user);

        JsonNode changed = ok(app.patch("/api/me", token, body));

        assertThat(changed.path("timezone").isNull()).isTrue();
        assertThat(changed.path("report_timezone").asText()).isEqualTo("UTC");
        assertThat(storedTimezone()).isNull();
    }

    @Test
    void withoutTheFieldNothingChanges() {
        db.sql().update("UPDATE \"user\" SET timezone = 'America/Los_Angeles' WHERE id = ?", user);

        assertThat(ok(app.patch("/api/me", token, "{}")).path("timezone").asText()).isEqualTo("America/Los_Angeles");
        assertThat(storedTimezone()).isEqualTo("America/Los_Angeles");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "{\"timezone\": \"Not/A/Real/Zone\"}  | invalid timezone: 'Not/A/Real/Zone' is not an accepted IANA timezone name (such as Europe/Berlin, America/New_York or UTC)",
        "{\"timezone\": \"Local\"}            | invalid timezone: 'Local' is not an accepted IANA timezone name (such as Europe/Berlin, America/New_York or UTC)",
        "{\"timezone\": \"UTC+8\"}            | invalid timezone: 'UTC+8' is not an accepted IANA timezone name (such as Europe/Berlin, America/New_York or UTC)",
        "{\"timezone\": 9}                    | timezone must be a string (an IANA timezone name) or null",
        "{\"timezone\": \"UTC\", \"name\": \"x\"} | unknown field 'name'; PATCH /api/me accepts timezone",
        "[\"Asia/Tokyo\"]                     | the request body must be a JSON object such as {\"timezone\": \"Asia/Tokyo\"}",
        "not json                             | the request body must be a JSON object such as {\"timezone\": \"Asia/Tokyo\"}",
        "''                                   | the request body must be a JSON object such as {\"timezone\": \"Asia/Tokyo\"}"})
    void aBadChangeIsRejectedAndNothingChanges(String body, String message) {
        db.sql().update("UPDATE \"user\" SET timezone = 'Europe/Berlin' WHERE id = ?", user);

        Response response = app.patch("/api/me", token, body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.error()).isEqualTo(message);
        assertThat(storedTimezone()).isEqualTo("Europe/Berlin");
    }

    private static String storedTimezone() {
        return db.sql().single("SELECT timezone FROM \"user\" WHERE id = ?", String.class, user);
    }

    private static JsonNode ok(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }
}
