package dev.tally.report.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.domain.report.AgentUsage;
import dev.tally.domain.report.Caller;
import dev.tally.domain.report.ChangeTimezone;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ProfileOutcome;
import dev.tally.domain.report.ProjectUsage;
import dev.tally.domain.report.ReportOutcome;
import dev.tally.domain.report.ReportRequest;
import dev.tally.domain.report.RuntimeReport;
import dev.tally.domain.report.RuntimeUsage;
import dev.tally.domain.report.ShowProfile;
import dev.tally.domain.report.UsageRow;
import dev.tally.domain.report.WeeklyUsage;
import dev.tally.domain.report.WorkspaceReport;
import dev.tally.domain.report.access.AuthenticateCaller;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The /api routes: authenticate, turn the request into a use-case call, the outcome into JSON. */
public final class ReportApi {

    static final String CALLER = "tally.caller";
    private static final String TIMEZONE = "timezone";

    /** The report use cases the routes call. */
    public record Reports(
            WorkspaceReport<DailyUsage> daily,
            WorkspaceReport<WeeklyUsage> weekly,
            WorkspaceReport<AgentUsage> byAgent,
            WorkspaceReport<ProjectUsage> byProject,
            WorkspaceReport<RuntimeUsage> byRuntime,
            RuntimeReport runtime) {
    }

    private final AuthenticateCaller authenticate;
    private final Reports reports;
    private final ShowProfile showProfile;
    private final ChangeTimezone changeTimezone;
    private final ObjectMapper json;
    private final RequestMetrics metrics;
    private final ReportCsv csv;

    public ReportApi(AuthenticateCaller authenticate, Reports reports, ShowProfile showProfile,
                     ChangeTimezone changeTimezone, ObjectMapper json, RequestMetrics metrics) {
        this.authenticate = Objects.requireNonNull(authenticate, "authenticate");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.showProfile = Objects.requireNonNull(showProfile, "showProfile");
        this.changeTimezone = Objects.requireNonNull(changeTimezone, "changeTimezone");
        this.json = Objects.requireNonNull(json, "json");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.csv = new ReportCsv(json);
    }

    /** Runs before every /api route: no token or a bad one ends the request with 401. */
    void authenticate(Context ctx) {
        AuthenticateCaller.Result result = authenticate.run(Optional.ofNullable(ctx.header("Authorization")));
        if (result instanceof AuthenticateCaller.Authenticated authenticated) {
            ctx.attribute(CALLER, authenticated.caller());
        } else if (result instanceof AuthenticateCaller.Missing) {
            throw ApiError.unauthorized("missing bearer token: send the header Authorization: Bearer <token>");
        } else {
            throw ApiError.unauthorized("invalid or revoked bearer token");
        }
    }

    void daily(Context ctx) {
        workspaceReport(ctx, reports.daily(), ReportJson.DAILY);
    }

    void weekly(Context ctx) {
        workspaceReport(ctx, reports.weekly(), ReportJson.WEEKLY);
    }

    void byAgent(Context ctx) {
        workspaceReport(ctx, reports.byAgent(), ReportJson.BY_AGENT);
    }

    void byProject(Context ctx) {
        workspaceReport(ctx, reports.byProject(), ReportJson.BY_PROJECT);
    }

    void byRuntime(Context ctx) {
        workspaceReport(ctx, reports.byRuntime(), ReportJson.BY_RUNTIME);
    }

    void runtimeUsage(Context ctx) {
        UUID runtimeId = RequestParameters.uuid("runtimeId", ctx.pathParam("runtimeId"));
        ReportRequest request = RequestParameters.report(ctx.queryParamMap(), RequestParameters.RUNTIME_REPORT);
        ReportFormat format = format(ctx);
        respond(ctx, format, ReportJson.Scope.runtime(runtimeId),
                reports.runtime().run(caller(ctx), runtimeId, request), ReportJson.DAILY);
    }

    void showProfile(Context ctx) {
        respond(ctx, showProfile.run(caller(ctx)));
    }

    /** {@code {"timezone": "Asia/Tokyo"}} sets it; {@code ""} or {@code null} clears it; no field leaves it. */
    void changeProfile(Context ctx) {
        JsonNode body = jsonObject(ctx);
        for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals(TIMEZONE)) {
                throw ApiError.badRequest("unknown field '" + field + "'; PATCH /api/me accepts timezone");
            }
        }
        if (!body.has(TIMEZONE)) {
            respond(ctx, showProfile.run(caller(ctx)));
            return;
        }
        JsonNode timezone = body.get(TIMEZONE);
        if (!timezone.isNull() && !timezone.isTextual()) {
            throw ApiError.badRequest("timezone must be a string (an IANA timezone name) or null");
        }
        respond(ctx, changeTimezone.run(caller(ctx), Optional.ofNullable(timezone.textValue())));
    }

    private <R extends UsageRow> void workspaceReport(Context ctx, WorkspaceReport<R> report,
                                                      ReportJson.RowShape<R, ?> shape) {
        UUID workspaceId = RequestParameters.uuid("workspaceId", ctx.pathParam("workspaceId"));
        ReportRequest request = RequestParameters.report(ctx.queryParamMap(), RequestParameters.WORKSPACE_REPORT);
        ReportFormat format = format(ctx);
        ReportOutcome<R> outcome = report.run(caller(ctx), workspaceId, request);
        // Only a report that ran has a valid project_id to echo.
        Optional<UUID> projectId = outcome instanceof ReportOutcome.Ready<R>
                ? request.projectId().map(UUID::fromString) : Optional.empty();
        respond(ctx, format, ReportJson.Scope.workspace(workspaceId, projectId), outcome, shape);
    }

    private static ReportFormat format(Context ctx) {
        // Caches may store a report; they must keep the JSON and the CSV apart.
        ctx.header("Vary", "Accept");
        return ReportFormat.of(ctx.queryParamMap(), Optional.ofNullable(ctx.header("Accept")));
    }

    private <R extends UsageRow, J> void respond(Context ctx, ReportFormat format, ReportJson.Scope scope,
                                                 ReportOutcome<R> outcome, ReportJson.RowShape<R, J> shape) {
        if (outcome instanceof ReportOutcome.Ready<R> ready) {
            metrics.countRead(ready.report().source());
            List<J> rows = ready.report().rows().stream().map(shape.of()).toList();
            if (format == ReportFormat.CSV) {
                ctx.contentType(ReportCsv.CONTENT_TYPE).result(csv.write(shape, rows));
            } else {
                ctx.json(ReportJson.of(scope, ready.report(), rows));
            }
        } else if (outcome instanceof ReportOutcome.NotFound<R> notFound) {
            throw ApiError.notFound(notFound.message());
        } else {
            throw ApiError.badRequest(((ReportOutcome.Rejected<R>) outcome).message());
        }
    }

    private static void respond(Context ctx, ProfileOutcome outcome) {
        if (outcome instanceof ProfileOutcome.Found found) {
            ctx.json(ProfileJson.of(found));
        } else if (outcome instanceof ProfileOutcome.Rejected rejected) {
            throw ApiError.badRequest(rejected.message());
        } else {
            throw ApiError.unauthorized("the token's user no longer exists");
        }
    }

    private JsonNode jsonObject(Context ctx) {
        try {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            if (body != null && body.isObject()) {
                return body;
            }
        } catch (JsonProcessingException e) {
            // Falls through to the rejection, which says what is accepted.
        } catch (IOException e) {
            throw new IllegalStateException("could not read the request body", e);
        }
        throw ApiError.badRequest("the request body must be a JSON object such as {\"timezone\": \"Asia/Tokyo\"}");
    }

    private static Caller caller(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(CALLER), "authenticate runs before every /api route");
    }
}
