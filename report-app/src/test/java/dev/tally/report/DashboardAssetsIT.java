package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The dashboard's files as a browser receives them, no browser needed: the security headers, the
 * content types a module script needs under nosniff, the caching, and nothing loaded from elsewhere.
 */
class DashboardAssetsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    private static final List<String> OWN_FILES = List.of("/", "/dashboard.js", "/api.js", "/numbers.js", "/render.js",
            "/dashboard.css");

    private static RunningReportApp app;

    @BeforeAll
    static void startTheApp() {
        app = RunningReportApp.start(db.dataSource(), Clock.systemUTC());
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : List.of("/", "/dashboard.js", "/health", "/openapi.json", "/api/me")) {
            Response response = app.getWithoutToken(path);
            assertThat(response.header("Content-Security-Policy")).as(path).isEqualTo(CSP);
            assertThat(response.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(response.header("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void thePageAndItsFilesHaveTheirTypesAndAreRevalidated() {
        assertThat(app.getWithoutToken("/").contentType()).startsWith("text/html");
        assertThat(app.getWithoutToken("/dashboard.css").contentType()).startsWith("text/css");
        for (String module : List.of("/dashboard.js", "/api.js", "/numbers.js", "/render.js")) {
            Response response = app.getWithoutToken(module);
            assertThat(response.status()).as(module).isEqualTo(200);
            assertThat(response.contentType()).as(module).matches("(text|application)/javascript.*");
            assertThat(response.header("Cache-Control")).as(module).isEqualTo("no-cache");
        }
    }

    @Test
    void echartsComesFromItsWebJarInThisJarAndIsCachedForLong() {
        Matcher script = Pattern.compile("src=\"(/webjars/echarts/[0-9.]+/dist/echarts\\.min\\.js)\"")
                .matcher(app.getWithoutToken("/").body());
        assertThat(script.find()).isTrue();

        Response echarts = app.getWithoutToken(script.group(1));

        assertThat(echarts.status()).isEqualTo(200);
        assertThat(echarts.contentType()).matches("(text|application)/javascript.*");
        assertThat(echarts.header("Cache-Control")).matches("max-age=\\d{7,}.*");
        assertThat(echarts.body()).contains("echarts");
    }

    @Test
    void thePageHasNoInlineScriptOrStyleAndLoadsNothingFromElsewhere() {
        String page = app.getWithoutToken("/").body();
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page).find()).as("inline script").isFalse();
        assertThat(page).doesNotContain("style=").doesNotContain("<style").doesNotContainPattern("\\son[a-z]+=");
        for (String path : OWN_FILES) {
            assertThat(app.getWithoutToken(path).body()).as(path).doesNotContain("http://").doesNotContain("https://")
                    .doesNotContain("innerHTML").doesNotContain("insertAdjacentHTML");
        }
    }
}
