package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * /openapi.json against the server it describes: every route the server has is in it, and real
 * responses (successes, CSV, every kind of error) have a documented status and media type and
 * validate against the document's schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses).
 */
class OpenApiIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.parse("2026-11-03T12:00:00Z");
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private static SampleUsage usage;
    private static RunningReportApp app;
    private static String alice;
    private static JsonNode document;

    @BeforeAll
    static void theServedDocument() {
        usage = SampleUsage.writeTo(db.dataSource());
        app = RunningReportApp.start(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        alice = app.tokenFor(SampleUsage.ALICE);
        Response served = app.getWithoutToken("/openapi.json");
        assertThat(served.status()).isEqualTo(200);
        document = served.json();
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @Test
    void itIsOpenApi31AndDescribesEveryRouteTheServerHasAndNoOther() {
        assertThat(document.path("openapi").asText()).startsWith("3.1.");
        List<String> documented = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));

        List<String> routes = app.component().server().routes();

        assertThat(routes).hasSizeGreaterThan(8);
        // The page at / is a static file, not a route.
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Stream.concat(routes.stream(), Stream.of("GET /")).toList());
    }

    static Stream<Arguments> realResponses() {
        String workspace = "/api/workspaces/" + usage.workspace + "/usage/";
        String runtime = "/api/runtimes/" + usage.runtime + "/usage";
        String reports = "/api/workspaces/{workspaceId}/usage/";
        return Stream.of(
                call("GET", reports + "daily", () -> app.get(workspace + "daily?days=30&tz=America/New_York", alice)),
                call("GET", reports + "daily", () -> app.get(workspace + "daily?from=2026-03-01&to=2026-03-31&project_id="
                        + usage.project, alice)),
                call("GET", reports + "daily", () -> app.get(workspace + "daily?days=30&format=csv", alice)),
                call("GET", reports + "daily", () -> app.get(workspace + "daily?days=0", alice)),
                call("GET", reports + "daily", () -> app.getWithoutToken(workspace + "daily")),
                call("GET", reports + "daily", () -> app.get("/api/workspaces/" + usage.otherWorkspace + "/usage/daily", alice)),
                call("GET", reports + "weekly", () -> app.get(workspace + "weekly?weeks=40&tz=Asia/Kolkata", alice)),
                call("GET", reports + "by-agent", () -> app.get(workspace + "by-agent?days=366", alice)),
                call("GET", reports + "by-project", () -> app.get(workspace + "by-project?days=366&tz=Asia/Tokyo", alice)),
                call("GET", reports + "by-project", () -> app.getAccepting(workspace + "by-project?days=366", alice, "text/csv")),
                call("GET", reports + "by-runtime", () -> app.get(workspace + "by-runtime?days=366&tz=Asia/Kolkata", alice)),
                call("GET", reports + "by-runtime", () -> app.get(workspace + "by-runtime?days=366&format=csv", alice)),
                call("GET", reports + "by-runtime", () -> app.get(workspace + "by-runtime?days=367", alice)),
                call("GET", reports + "by-runtime", () -> app.get("/api/workspaces/" + usage.otherWorkspace + "/usage/by-runtime", alice)),
                call("GET", "/api/runtimes/{runtimeId}/usage", () -> app.get(runtime + "?days=366", alice)),
                call("GET", "/api/runtimes/{runtimeId}/usage", () -> app.get(runtime + "?tz=EST", alice)),
                call("GET", "/api/me", () -> app.get("/api/me", alice)),
                call("PATCH", "/api/me", () -> app.patch("/api/me", alice, "{\"timezone\": \"Asia/Tokyo\"}")),
                call("PATCH", "/api/me", () -> app.patch("/api/me", alice, "{\"timezone\": null}")),
                call("PATCH", "/api/me", () -> app.patch("/api/me", alice, "{\"colour\": \"red\"}")),
                call("GET", "/health", () -> app.getWithoutToken("/health")),
                call("GET", "/metrics", () -> app.getWithoutToken("/metrics")),
                call("GET", "/openapi.json", () -> app.getWithoutToken("/openapi.json")),
                call("GET", "/", () -> app.getWithoutToken("/")));
    }

    private static Arguments call(String method, String template, Supplier<Response> request) {
        return Arguments.of(method + " " + template, request);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realResponses")
    void realResponsesAreDocumentedAndMatchTheirSchemas(String operation, Supplier<Response> request) {
        Response response = request.get();
        String[] methodAndPath = operation.split(" ", 2);
        JsonNode responses = document.path("paths").path(methodAndPath[1])
                .path(methodAndPath[0].toLowerCase(Locale.ROOT)).path("responses");
        String status = Integer.toString(response.status());
        assertThat(responses.has(status)).as("%s documents %s (%s)", operation, status, response.body()).isTrue();
        String responsePointer = responses.get(status).has("$ref")
                ? responses.get(status).get("$ref").asText().substring(1)
                : "/paths/" + escape(methodAndPath[1]) + "/" + methodAndPath[0].toLowerCase(Locale.ROOT) + "/responses/" + status;
        String mediaType = response.contentType().split(";")[0].trim();
        JsonNode content = document.at(responsePointer).path("content");
        assertThat(content.has(mediaType)).as("%s %s documents %s", operation, status, mediaType).isTrue();

        if (mediaType.equals("application/json")) {
            Set<ValidationMessage> errors = schemaAt(responsePointer + "/content/" + escape(mediaType) + "/schema")
                    .validate(response.json());
            assertThat(errors).as("%s %s: %s", operation, status, response.body()).isEmpty();
        }
    }

    /** Guards the test above against a validator that passes everything (an unresolved $ref, say). */
    @Test
    void theSchemasRejectWhatTheDocumentRulesOut() throws Exception {
        String dailyOk = "/paths/" + escape("/api/workspaces/{workspaceId}/usage/daily") + "/get/responses/200/content/"
                + escape("application/json") + "/schema";
        ObjectNode report = (ObjectNode) app.get("/api/workspaces/" + usage.workspace + "/usage/daily?days=366", alice).json();
        assertThat(schemaAt(dailyOk).validate(report)).isEmpty();
        ((ObjectNode) report.path("rows").get(0)).put("input_tokens", "many");
        assertThat(schemaAt(dailyOk).validate(report)).isNotEmpty();
        report.remove("timezone");
        assertThat(schemaAt(dailyOk).validate(report)).hasSizeGreaterThan(1);
        assertThat(schemaAt("/components/schemas/Error").validate(RunningReportApp.JSON.readTree(
                "{\"error\": \"x\", \"detail\": \"y\"}"))).isNotEmpty();
    }

    /** The whole document as the root schema, so its #/components refs resolve, pointed at one schema. */
    private static com.networknt.schema.JsonSchema schemaAt(String pointer) {
        ObjectNode root = document.deepCopy();
        root.put("$ref", "#" + pointer);
        return SCHEMAS.getSchema(root);
    }

    private static String escape(String pathSegment) {
        return pathSegment.replace("~", "~0").replace("/", "~1");
    }
}
