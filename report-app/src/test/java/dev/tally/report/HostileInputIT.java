package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.report.HostileRequests.Expectation;
import dev.tally.report.HostileRequests.Request;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Generated hostile parameters, sent with a valid token to every report endpoint (and to
 * {@code PATCH /api/me}) of the real server: timezone strings of every kind, unicode and emoji,
 * NUL, 10,000-character values, SQL fragments, numbers out of range or not whole, malformed ids
 * and dates, repeated and unknown parameters. Never a 5xx; every rejection is a JSON
 * {@code {"error": "..."}} without a stack trace; a request with one parameter at fault is a 400
 * naming that parameter; a valid one is a 200; afterwards the raw data and the rollup are intact.
 *
 * <ul>
 *   <li>{@code -Dtally.hostile.seed=N}: rerun the requests of one seed (a failure prints it).</li>
 *   <li>{@code -Dtally.hostile.requests=N}: how many requests (default 3,000).</li>
 * </ul>
 */
class HostileInputIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int REQUESTS = Integer.getInteger("tally.hostile.requests", 3_000);
    private static final long SEED = Long.getLong("tally.hostile.seed", new Random().nextLong() & 0xffff_ffffL);
    private static final int CLIENTS = 4;
    /** The HTTP server's limit on the request line and headers together; a longer URI is refused as a whole. */
    private static final int REQUEST_HEADER_BYTES = 8 * 1024;
    private static final int HEADERS_BESIDES_THE_URI = 1_024;
    private static final Pattern ENCODED_CONTROL_CHARACTER = Pattern.compile("%[01][0-9A-Fa-f]");
    private static final String FINGERPRINT = """
            SELECT concat_ws(' | ',
                   (SELECT md5(string_agg(t::text, ',' ORDER BY t.id)) FROM task_usage t),
                   (SELECT md5(string_agg(h::text, ',' ORDER BY h::text)) FROM task_usage_hourly h),
                   (SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'public'),
                   (SELECT count(*) FROM "user"), (SELECT count(*) FROM member), (SELECT count(*) FROM workspace))
            """;

    private static RunningReportApp app;
    private static String token;
    private static HostileRequests requests;

    @BeforeAll
    static void aMemberOfAWorkspaceWithRolledUpUsage() {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> 0);
        UUID user = db.sql().single("INSERT INTO \"user\" (email) VALUES ('ada@example.com') RETURNING id", UUID.class);
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID project = platform.aProjectIn(workspace);
        UUID agent = platform.anAgentIn(workspace, runtime);
        db.sql().update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", workspace, user);
        Instant start = Instant.parse("2026-02-01T00:00:00Z");
        for (int hour = 0; hour < 24 * 60; hour += 7) {
            UUID issue = hour % 2 == 0 ? platform.anIssueIn(workspace, project) : null;
            platform.reportUsage(platform.aTask(agent, runtime, issue), "anthropic", "claude-sonnet",
                    start.plus(Duration.ofHours(hour)), Tokens.of(100 + hour, hour));
        }
        RollupTicks.tickUntilCaughtUp(db.dataSource());
        app = RunningReportApp.start(db.dataSource(), Clock.systemUTC());
        token = app.tokenFor("ada@example.com");
        requests = new HostileRequests(SEED, workspace, runtime, project);
        System.out.printf("[HostileInputIT] seed %d, %d requests (rerun: -Dtally.hostile.seed=%d)%n", SEED, REQUESTS, SEED);
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @Test
    void generatedHostileParametersNeverCauseA5xxOrAStackTraceAndEveryRejectionNamesTheParameter() throws Exception {
        String dataBefore = db.sql().single(FINGERPRINT, String.class);
        List<Request> sent = requests.next(REQUESTS);

        long started = System.nanoTime();
        List<String> failures = sendAll(sent);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();

        System.out.printf("[HostileInputIT] %d requests in %d ms%n", sent.size(), millis);
        assertThat(failures.subList(0, Math.min(failures.size(), 30)))
                .as("seed %d: rerun with mvn -B verify -pl report-app -Dit.test=HostileInputIT -Dtally.hostile.seed=%d; "
                        + "%d failures %s, the first 30", SEED, SEED, failures.size(), byKind(failures))
                .isEmpty();
        assertThat(db.sql().single(FINGERPRINT, String.class)).as("raw usage, rollup, tables and users, untouched")
                .isEqualTo(dataBefore);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(app.get("/api/me", token).status()).as("the server still answers").isEqualTo(200);
    }

    /** Sends every request from a few clients at once; returns what went wrong, one line per request. */
    private static List<String> sendAll(List<Request> sent) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<String>> checks = new ArrayList<>();
            for (Request request : sent) {
                checks.add(clients.submit(() -> problemWith(request, send(request))));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> check : checks) {
                String problem = check.get();
                if (problem != null) {
                    failures.add(problem);
                }
            }
            return failures;
        } finally {
            clients.shutdownNow();
        }
    }

    private static Response send(Request request) {
        return request.method().equals("PATCH")
                ? app.patch(request.pathAndQuery(), token, request.body())
                : app.get(request.pathAndQuery(), token);
    }

    /** What is wrong with the response to {@code request}, or null when nothing is. */
    private static String problemWith(Request request, Response response) {
        String problem = generalProblem(response);
        if (problem == null) {
            problem = expectationProblem(request, response);
        }
        return problem == null ? null : problem + ": " + request + " -> " + response.status() + " "
                + abbreviated(response.body());
    }

    /** What the request's kind promises: a 200, a 400 naming the parameter at fault, or a 400 naming one of its faults. */
    private static String expectationProblem(Request request, Response response) {
        int uriBytes = request.pathAndQuery().length();
        if (uriBytes > REQUEST_HEADER_BYTES) {
            return response.status() == 414 ? null : "expected 414 for a URI of " + uriBytes + " bytes";
        }
        boolean nearTheLimit = uriBytes > REQUEST_HEADER_BYTES - HEADERS_BESIDES_THE_URI;
        if (nearTheLimit && (response.status() == 414 || response.status() == 431)) {
            return null;
        }
        return switch (request.expectation()) {
            case OK -> response.status() == 200 ? timezoneProblem(request, response) : "expected 200";
            case REJECTED -> response.status() != 400 ? "expected 400"
                    : namesParameter(response.json().path("error").asText(), request.parameter()) ? null
                    : "the error does not name " + request.parameter();
            case ANY -> response.status() == 400 && !namesAnyParameter(request, response.json().path("error").asText())
                    ? "the error names none of the request's parameters" : null;
        };
    }

    /** What must hold for every response: no 5xx, no 401, no stack trace; errors are {"error": "..."} alone. */
    private static String generalProblem(Response response) {
        for (String marker : HostileRequests.STACK_TRACE_MARKERS) {
            if (response.body().contains(marker)) {
                return "a stack trace in the response";
            }
        }
        if (response.status() >= 500 || response.status() == 401) {
            return "status " + response.status();
        }
        if (response.status() < 400) {
            return null;
        }
        if (!response.contentType().startsWith("application/json")) {
            return "an error that is not JSON (" + response.contentType() + ")";
        }
        JsonNode body;
        try {
            body = RunningReportApp.JSON.readTree(response.body());
        } catch (Exception e) {
            return "an error body that does not parse";
        }
        if (body == null || !body.isObject() || body.size() != 1 || !body.path("error").isTextual()
                || body.path("error").asText().isBlank()) {
            return "an error body other than {\"error\": \"...\"}";
        }
        if (response.status() == 404 && !List.of("workspace not found", "runtime not found", "not found")
                .contains(body.path("error").asText())) {
            return "a 404 that says more than not found";
        }
        return null;
    }

    private static String timezoneProblem(Request request, Response response) {
        String used = response.json().path("timezone").asText();
        return request.tz().map(tz -> tz.equals(used) ? null : "the report used " + used).orElse(null);
    }

    /**
     * Whether a 400's message names {@code parameter} itself, the way every rejection starts: with
     * the parameter ({@code days must be ...}, {@code tz is given more than once}), the pair it
     * belongs to ({@code from and to ...}), or the name it does not know ({@code unknown parameter 'x'}).
     */
    static boolean namesParameter(String message, String parameter) {
        return message.startsWith(parameter + " ")
                || message.startsWith("unknown parameter '" + parameter + "';")
                || message.startsWith("invalid " + parameter + ":")
                || (parameter.equals("from") || parameter.equals("to")) && message.startsWith("from and to ");
    }

    /**
     * Whether a 400 for a request with several faults names one of them. A path with an encoded
     * control character is refused by the HTTP server before any route runs, so it has no name to give.
     */
    private static boolean namesAnyParameter(Request request, String message) {
        if (ENCODED_CONTROL_CHARACTER.matcher(request.path()).find()) {
            return true;
        }
        List<String> candidates = new ArrayList<>(List.of("workspaceId", "runtimeId", "timezone", "the request body",
                "unknown field"));
        request.query().stream().map(Map.Entry::getKey).forEach(candidates::add);
        return candidates.stream().anyMatch(name -> namesParameter(message, name) || message.startsWith(name));
    }

    /** How many failures of each kind (the text before the request), so one kind cannot hide the others. */
    private static Map<String, Long> byKind(List<String> failures) {
        return failures.stream().collect(Collectors.groupingBy(failure -> failure.substring(0, failure.indexOf(": ")),
                TreeMap::new, Collectors.counting()));
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "... (" + text.length() + " chars)" : text;
    }
}
