package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every request report-app turns away, and how: 400 naming the parameter for malformed or
 * out-of-range input (never a default), 401 without a valid token, 404 for what the caller may not
 * see (existing or not: the two look the same). Every error body is {@code {"error": "..."}} alone.
 */
class RejectedRequestsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static RunningReportApp app;
    private static UUID workspace;
    private static UUID runtime;
    private static UUID strangersWorkspace;
    private static UUID strangersRuntime;
    private static String token;

    @BeforeAll
    static void aMemberOfOneWorkspace() {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> 0);
        UUID user = db.sql().single("INSERT INTO \"user\" (email) VALUES ('ada@example.com') RETURNING id", UUID.class);
        workspace = platform.aWorkspace();
        runtime = platform.aRuntimeIn(workspace);
        strangersWorkspace = platform.aWorkspace();
        strangersRuntime = platform.aRuntimeIn(strangersWorkspace);
        db.sql().update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", workspace, user);
        app = RunningReportApp.start(db.dataSource(), Clock.fixed(Instant.parse("2026-03-10T12:00:00Z"), ZoneOffset.UTC));
        token = app.tokenFor("ada@example.com");
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "daily?days=0              | days must be a whole number from 1 to 366 (got '0')",
        "daily?days=367            | days must be a whole number from 1 to 366 (got '367')",
        "daily?days=-5             | days must be a whole number from 1 to 366 (got '-5')",
        "daily?days=abc            | days must be a whole number from 1 to 366 (got 'abc')",
        "daily?days=               | days must be a whole number from 1 to 366 (got '')",
        "daily?days=7.5            | days must be a whole number from 1 to 366 (got '7.5')",
        "by-agent?days=400         | days must be a whole number from 1 to 366 (got '400')",
        "by-project?days=0         | days must be a whole number from 1 to 366 (got '0')",
        "by-runtime?days=367       | days must be a whole number from 1 to 366 (got '367')",
        "by-runtime?weeks=2        | weeks is not accepted here; use days, or from and to",
        "weekly?weeks=0            | weeks must be a whole number from 1 to 104 (got '0')",
        "weekly?weeks=105          | weeks must be a whole number from 1 to 104 (got '105')",
        "weekly?days=7             | days is not accepted here; use weeks, or from and to",
        "daily?weeks=2             | weeks is not accepted here; use days, or from and to",
        "daily?from=2026-03-01     | from and to go together: to is missing",
        "daily?to=2026-03-01       | from and to go together: from is missing",
        "daily?from=2026-03-02&to=2026-03-01 | to (2026-03-01) must not be before from (2026-03-02)",
        "daily?from=2025-01-01&to=2026-01-02 | from and to may span at most 366 days (got 367)",
        "daily?from=2026-02-30&to=2026-03-01 | from must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got '2026-02-30')",
        "daily?from=2026-03-01&to=tomorrow   | to must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got 'tomorrow')",
        "daily?days=7&from=2026-03-01&to=2026-03-02 | days cannot be combined with from and to; give one or the other",
        "daily?project_id=42       | project_id must be a UUID (got '42')",
        "daily?day=7               | unknown parameter 'day'; this endpoint accepts days, format, from, project_id, to, tz, weeks",
        "daily?days=7&days=8       | days is given more than once"})
    void malformedOrOutOfRangeParametersAreRejectedNamingThem(String report, String message) {
        Response response = app.get("/api/workspaces/" + workspace + "/usage/" + report, token);

        assertBadRequest(response, message);
    }

    @ParameterizedTest(name = "tz={0}")
    @ValueSource(strings = {"Local", "UTC%2B8", "EST", "%2B05:00", "Etc/GMT%2B5", "Mars/Olympus", "asia/tokyo", ""})
    void aTimezoneThatIsNotAnAcceptedIanaNameIsRejected(String tz) {
        Response daily = app.get("/api/workspaces/" + workspace + "/usage/daily?tz=" + tz, token);
        Response runtimeUsage = app.get("/api/runtimes/" + runtime + "/usage?tz=" + tz, token);

        assertThat(daily.status()).isEqualTo(400);
        assertThat(daily.error()).startsWith("tz must be an IANA timezone name");
        assertThat(runtimeUsage.status()).isEqualTo(400);
        assertThat(runtimeUsage.error()).startsWith("tz must be an IANA timezone name");
    }

    @Test
    void runtimeReportsTakeNoProjectAndCheckTheirRange() {
        assertBadRequest(app.get("/api/runtimes/" + runtime + "/usage?project_id=" + UUID.randomUUID(), token),
                "unknown parameter 'project_id'; this endpoint accepts days, format, from, to, tz, weeks");
        assertBadRequest(app.get("/api/runtimes/" + runtime + "/usage?days=367", token),
                "days must be a whole number from 1 to 366 (got '367')");
    }

    @Test
    void malformedIdsInThePathAreRejectedNamingThem() {
        assertBadRequest(app.get("/api/workspaces/not-a-uuid/usage/daily", token),
                "workspaceId must be a UUID (got 'not-a-uuid')");
        assertBadRequest(app.get("/api/runtimes/123/usage", token), "runtimeId must be a UUID (got '123')");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"daily", "weekly", "by-agent", "by-project", "by-runtime"})
    void aWorkspaceTheCallerIsNotAMemberOfIsNotFoundWhetherOrNotItExists(String report) {
        Response strangers = app.get("/api/workspaces/" + strangersWorkspace + "/usage/" + report, token);
        Response missing = app.get("/api/workspaces/" + UUID.randomUUID() + "/usage/" + report, token);

        assertError(strangers, 404, "workspace not found");
        assertThat(missing.body()).isEqualTo(strangers.body());
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void aRuntimeOfAnotherWorkspaceIsNotFoundWhetherOrNotItExists() {
        assertError(app.get("/api/runtimes/" + strangersRuntime + "/usage", token), 404, "runtime not found");
        assertError(app.get("/api/runtimes/" + UUID.randomUUID() + "/usage", token), 404, "runtime not found");
    }

    @Test
    void notFoundComesBeforeParameterChecksSoItRevealsNothing() {
        assertError(app.get("/api/workspaces/" + strangersWorkspace + "/usage/daily?days=0", token), 404,
                "workspace not found");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/me", "/api/workspaces/00000000-0000-0000-0000-000000000001/usage/daily",
            "/api/runtimes/00000000-0000-0000-0000-000000000001/usage", "/api/nothing-here"})
    void withoutATokenEveryApiRouteIsUnauthorized(String path) {
        Response response = app.getWithoutToken(path);

        assertError(response, 401, "missing bearer token: send the header Authorization: Bearer <token>");
        assertThat(response.wwwAuthenticate()).isEqualTo("Bearer");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Bearer nonsense", "Bearer tly_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "Bearer tly_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA extra"})
    void aMalformedOrUnknownTokenIsUnauthorized(String authorization) {
        assertError(app.getWithAuthorization("/api/me", authorization), 401, "invalid or revoked bearer token");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Basic YWRhOnNlY3JldA==", "Bearer", "Token abc"})
    void anotherSchemeIsNoBearerToken(String authorization) {
        assertError(app.getWithAuthorization("/api/me", authorization), 401,
                "missing bearer token: send the header Authorization: Bearer <token>");
    }

    @Test
    void aRevokedTokenIsUnauthorizedAtOnce() {
        String revoked = app.tokenFor("ada@example.com");
        assertThat(app.get("/api/me", revoked).status()).isEqualTo(200);

        app.component().revokeAccessToken().run(revoked);

        assertError(app.get("/api/me", revoked), 401, "invalid or revoked bearer token");
        assertThat(app.get("/api/me", token).status()).isEqualTo(200);
    }

    @Test
    void anUnknownPathIsNotFoundAndAnUnservedMethodIsNotAllowed() {
        assertError(app.get("/api/workspaces/" + workspace + "/usage/monthly", token), 404, "not found");
        assertError(app.post("/api/workspaces/" + workspace + "/usage/daily", token), 405, "method not allowed");
        assertError(app.getWithoutToken("/nothing-here"), 404, "not found");
    }

    private static void assertBadRequest(Response response, String message) {
        assertError(response, 400, message);
    }

    private static void assertError(Response response, int status, String message) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().size()).as("fields besides error in %s", response.body()).isOne();
        assertThat(response.error()).isEqualTo(message);
    }
}
