package dev.tally.report.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * report-app's HTTP server: the /api routes behind bearer tokens; the dashboard, /openapi.json,
 * /health and /metrics open. Every API response is JSON (or CSV when asked), every error is
 * {@code {"error": "..."}}, and nothing a caller sends can produce a stack trace in a response.
 */
public final class ReportServer {

    private static final Logger LOG = LoggerFactory.getLogger(ReportServer.class);

    private final Javalin app;
    private final String host;
    private final int port;
    private final List<String> routes = new ArrayList<>();

    public ReportServer(ReportApi api, HealthCheck health, RequestMetrics metrics, ObjectMapper json, String host, int port) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.prefer405over404 = true;
            config.requestLogger.http(metrics::record);
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(json)));
            config.events(events -> events.handlerAdded(added -> {
                if (added.getHttpMethod().isHttpMethod()) {
                    routes.add(added.getHttpMethod().name() + " " + added.getPath());
                }
            }));
            Dashboard.serve(config);
        });
        app.before(Dashboard::securityHeaders);
        app.get("/health", ctx -> health(ctx, health));
        app.get("/metrics", metrics::scrape);
        app.get("/openapi.json", new OpenApiDocument()::serve);
        app.before("/api/*", api::authenticate);
        app.get("/api/me", api::showProfile);
        app.patch("/api/me", api::changeProfile);
        app.get("/api/workspaces/{workspaceId}/usage/daily", api::daily);
        app.get("/api/workspaces/{workspaceId}/usage/weekly", api::weekly);
        app.get("/api/workspaces/{workspaceId}/usage/by-agent", api::byAgent);
        app.get("/api/workspaces/{workspaceId}/usage/by-project", api::byProject);
        app.get("/api/workspaces/{workspaceId}/usage/by-runtime", api::byRuntime);
        app.get("/api/runtimes/{runtimeId}/usage", api::runtimeUsage);
        app.exception(ApiError.class, ReportServer::apiError);
        app.exception(HttpResponseException.class, ReportServer::httpError);
        app.exception(Exception.class, ReportServer::unexpected);
    }

    /** Starts listening; returns the port, which is the one the system chose when asked for port 0. */
    public int start() {
        app.start(host, port);
        LOG.info("report-app listening on http://{}:{}", host, app.port());
        return app.port();
    }

    /** Every route the server answers, as {@code "GET /api/me"}: what /openapi.json must describe. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    public void stop() {
        app.stop();
    }

    private static void health(Context ctx, HealthCheck health) {
        if (health.databaseAnswers()) {
            ctx.json(Map.of("status", "ok"));
        } else {
            ctx.status(503).json(Map.of("status", "unavailable", "error", "the database does not answer"));
        }
    }

    private static void apiError(ApiError e, Context ctx) {
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        error(ctx, e.status(), e.getMessage());
    }

    /** Javalin's own: no route matched, a method the route does not serve, a body it could not read. */
    private static void httpError(HttpResponseException e, Context ctx) {
        String message = switch (e.getStatus()) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            default -> e.getMessage();
        };
        error(ctx, e.getStatus(), message);
    }

    private static void unexpected(Exception e, Context ctx) {
        if (causedByUnreachableDatabase(e)) {
            LOG.warn("{} {}: the database does not answer: {}", ctx.method(), ctx.path(), rootMessage(e));
            error(ctx, 503, "the database does not answer; try again shortly");
            return;
        }
        LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal error");
    }

    /** The pool timed out waiting for a connection, or the driver could not connect (SQLSTATE class 08). */
    private static boolean causedByUnreachableDatabase(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
