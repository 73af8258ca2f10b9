package dev.tally.report.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.util.Map;

/**
 * The dashboard at {@code /}: the page, its scripts and styles from this jar's classpath, and
 * ECharts from its WebJar, so nothing is fetched from anywhere else and it works air-gapped.
 */
final class Dashboard {

    /**
     * Only this origin's scripts, styles and API; no inline script, no plugin, no framing. ECharts
     * draws on a canvas and sets element styles through the CSSOM, which style-src does not govern.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final String DIRECTORY = "/dev/tally/report/dashboard";

    private Dashboard() {
    }

    /** The page's files are small and change with the jar: revalidated on every load, never stale. */
    static void serve(JavalinConfig config) {
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = DIRECTORY;
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache");
        });
        // Versioned paths (/webjars/echarts/5.3.1/...): Javalin caches them for a year.
        config.staticFiles.enableWebjars();
    }

    /** On every response, the page's and the API's alike: harmless on JSON, essential on HTML. */
    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }
}
