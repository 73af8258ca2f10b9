package dev.tally.report.http;

import dev.tally.domain.report.ReadSource;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * Request counts and latencies by method, route and status, in Prometheus' text format. Routes
 * are the matched templates ({@code /api/workspaces/{workspaceId}/usage/daily}), never raw paths,
 * so ids and typos cannot grow the number of series. Also which server reports were read on, and
 * why standbys left reports to the primary.
 */
public final class RequestMetrics {

    private static final String UNMATCHED = "unmatched";
    private static final Duration[] LATENCY_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry;

    public RequestMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void record(Context ctx, float executionTimeMs) {
        Timer.builder("http.server.requests")
                .description("HTTP requests served by report-app")
                .tag("method", ctx.method().name())
                .tag("route", routeOf(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry)
                .record(Duration.ofNanos((long) (executionTimeMs * 1_000_000.0)));
    }

    /** One report read: {@code tally_report_reads_total{source}}, and when standbys declined it, the fallback's reason. */
    void countRead(ReadSource source) {
        Counter.builder("tally.report.reads")
                .description("Reports read, by the server they were read on (primary or standby)")
                .tag("source", ReportJson.servedBy(source))
                .register(registry)
                .increment();
        ReportJson.fallbackReason(source).ifPresent(reason -> Counter.builder("tally.report.replica.fallbacks")
                .description("Reports read on the primary although standbys are configured, by why no standby served them")
                .tag("reason", reason)
                .register(registry)
                .increment());
    }

    void scrape(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
    }

    /** The endpoint's template; the before-handler's ({@code /api/*}) when the request ended there, as a 401 does. */
    private static String routeOf(Context ctx) {
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (IllegalStateException endedBeforeTheEndpoint) {
            route = ctx.matchedPath();
        }
        return route == null || route.isEmpty() || route.equals("*") ? UNMATCHED : route;
    }
}
