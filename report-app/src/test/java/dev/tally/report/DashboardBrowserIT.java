package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium
 * without downloading anything): sign in, the charts' totals against the API's numbers, day edges
 * that move with the timezone, the CSV download against the JSON, 401 back to sign-in, no CSP
 * violation and no markup from API values. Each test leaves a screenshot in target/screenshots.
 *
 * <p>Without a browser it is skipped saying why, unless TALLY_REQUIRE_BROWSER=1 (CI sets it after
 * installing the packages), where a missing browser fails the run.
 */
class DashboardBrowserIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final Path DOWNLOADS = Paths.get("target", "downloads").toAbsolutePath();
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    /** The browser's own timezone: the page's default. */
    private static final String BROWSER_TIMEZONE = "America/New_York";
    private static final String EMAIL = "ada@example.com";
    private static final String HOSTILE_AGENT = "<img src=x onerror=\"window.__pwned=1\">";
    private static final String HOSTILE_WORKSPACE = "Acme <script>window.__pwned=1</script>";
    private static final String HOSTILE_RUNTIME = "<svg onload=\"window.__pwned=1\">";
    /** Set before the page loads: collects Content-Security-Policy violations. */
    private static final String CSP_RECORDER = "window.__csp = [];"
            + "document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));";
    /** The daily chart's stacked totals per date, read from ECharts itself. */
    private static final String CHART_TOTALS = "const chart = echarts.getInstanceByDom(document.getElementById(arguments[0]));"
            + "const option = chart.getOption(); const totals = {};"
            + "option.xAxis[0].data.forEach((x, i) => totals[x] = option.series.reduce((sum, s) => sum + s.data[i], 0));"
            + "return totals;";

    private static RunningReportApp app;
    private static PostgresUsagePlatform platform;
    private static UUID workspace;
    private static String token;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void aBrowserAndAWorkspacesUsage() {
        String missing = Stream.of(CHROMIUM, CHROMEDRIVER).filter(path -> !Files.isExecutable(path))
                .map(Path::toString).reduce((a, b) -> a + " and " + b).orElse("");
        if (!missing.isEmpty()) {
            String why = missing + " not found: install Debian's chromium and chromium-driver (as .ci/run does) to run the dashboard's browser tests";
            if ("1".equals(System.getenv("TALLY_REQUIRE_BROWSER"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            RollupTicks.tickUntilCaughtUp(db.dataSource());
            return 1;
        });
        UUID user = db.sql().single("INSERT INTO \"user\" (email, name) VALUES (?, 'Ada') RETURNING id", UUID.class, EMAIL);
        workspace = platform.aWorkspace();
        db.sql().update("UPDATE workspace SET name = ? WHERE id = ?", HOSTILE_WORKSPACE, workspace);
        db.sql().update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", workspace, user);
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID hostileRuntime = platform.aRuntimeIn(workspace);
        db.sql().update("UPDATE agent_runtime SET name = ? WHERE id = ?", HOSTILE_RUNTIME, hostileRuntime);
        UUID agent = platform.anAgentIn(workspace, runtime);
        UUID hostileAgent = platform.anAgentIn(workspace, hostileRuntime);
        db.sql().update("UPDATE agent SET name = ? WHERE id = ?", HOSTILE_AGENT, hostileAgent);
        // New York falls back on 1 November: that local day has 25 hours.
        usage(agent, runtime, "claude-sonnet", "2026-11-01T03:30:00Z", 16);    // 31 October 23:30 EDT
        usage(agent, runtime, "claude-sonnet", "2026-11-01T04:30:00Z", 32);    // 1 November 00:30 EDT
        usage(hostileAgent, hostileRuntime, "claude-haiku", "2026-11-02T04:30:00Z", 64);  // 1 November 23:30 EST
        usage(agent, runtime, "claude-sonnet", "2026-11-02T05:30:00Z", 128);   // 2 November 00:30 EST
        usage(hostileAgent, hostileRuntime, "gpt-4o", "2026-11-10T15:00:00Z", 256);
        // Kolkata (+05:30): 00:15 on the 13th is in the UTC hour that began at 23:30 on the 12th.
        usage(agent, runtime, "claude-sonnet", "2026-03-12T04:00:00Z", 1024);
        usage(agent, runtime, "claude-sonnet", "2026-03-12T18:45:00Z", 2048);
        usage(agent, runtime, "claude-sonnet", "2026-03-12T19:10:00Z", 4096);
        platform.tickUntilCaughtUp();
        app = RunningReportApp.start(db.dataSource(), Clock.fixed(NOW, ZoneOffset.UTC));
        token = app.tokenFor(EMAIL);
    }

    private static void usage(UUID agent, UUID runtime, String model, String createdAt, long inputTokens) {
        UUID task = platform.aTask(agent, runtime, null);
        platform.reportUsage(task, "anthropic", model, Instant.parse(createdAt), Tokens.of(inputTokens, 1));
    }

    @AfterAll
    static void stopTheApp() {
        if (app != null) {
            app.close();
        }
    }

    @BeforeEach
    void openTheBrowser() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Files.createDirectories(DOWNLOADS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1800");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", DOWNLOADS.toString(), "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .withEnvironment(Map.of("TZ", BROWSER_TIMEZONE)).build();
        browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_RECORDER));
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void noCspViolationAndNoInjectedMarkup(TestInfo test) throws IOException {
        try {
            screenshot(test.getTestMethod().orElseThrow().getName());
            assertThat(script("return window.__csp")).as("CSP violations").isEqualTo(List.of());
            assertThat(script("return window.__pwned === undefined")).isEqualTo(true);
        } finally {
            browser.quit();
        }
    }

    @Test
    void signingInShowsChartsWhoseTotalsAreTheApisNumbers() throws IOException {
        browser.get(app.uri("/").toString());
        // Keyboard only: the token field has the focus, Enter submits.
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        browser.switchTo().activeElement().sendKeys(token, Keys.ENTER);
        waitForReports();

        JsonNode daily = api("/api/workspaces/" + workspace + "/usage/daily?days=30&tz=" + BROWSER_TIMEZONE);
        assertThat(chartTotals("daily-chart")).isEqualTo(tokensByDate(daily, "date", 30));
        assertThat(text("tz-status")).contains(BROWSER_TIMEZONE, "this browser's timezone");
        assertThat(text("freshness")).startsWith("Rolled up through").contains("current to").contains("exact");
        assertThat(text("daily-total")).startsWith(String.format("%,d tokens", totalTokens(daily)));
        JsonNode weekly = api("/api/workspaces/" + workspace + "/usage/weekly?from=" + daily.path("from").asText()
                + "&to=" + daily.path("to").asText() + "&tz=" + BROWSER_TIMEZONE);
        assertThat(sum(chartTotals("weekly-chart").values())).isEqualTo(totalTokens(weekly)).isEqualTo(totalTokens(daily));

        // API values are text: the workspace's, the agent's and the runtime's markup shows as typed, and runs nowhere.
        assertThat(new Select(browser.findElement(By.id("workspace"))).getFirstSelectedOption().getText())
                .isEqualTo(HOSTILE_WORKSPACE);
        assertThat(browser.findElements(By.xpath("//div[@id='by-agent']//td")))
                .extracting(WebElement::getText).contains(HOSTILE_AGENT);
        assertThat(browser.findElements(By.xpath("//div[@id='by-runtime']//td")))
                .extracting(WebElement::getText).contains(HOSTILE_RUNTIME);
        assertThat(browser.findElements(By.cssSelector(".table-wrap img, .table-wrap script, .table-wrap svg")))
                .isEmpty();
        List<String> agentTotals = rowText("#by-agent tfoot tr");
        assertThat(agentTotals.get(0)).isEqualTo("Total");
        assertThat(agentTotals).contains(String.format("%,d", sum(daily, "input_tokens")));
        JsonNode byRuntime = api("/api/workspaces/" + workspace + "/usage/by-runtime?days=30&tz=" + BROWSER_TIMEZONE);
        assertThat(byRuntime.path("rows").size()).isEqualTo(3);
        assertThat(rowText("#by-runtime tfoot tr")).isEqualTo(totalsRow(byRuntime));
        assertThat(byRuntime.path("totals").path("input_tokens").asLong()).isEqualTo(sum(daily, "input_tokens"));

        // Every control has a label, and at phone width nothing needs sideways scrolling.
        assertThat(script("return [...document.querySelectorAll('input, select')]"
                + ".filter(e => e.type !== 'hidden' && e.labels.length === 0).map(e => e.id)")).isEqualTo(List.of());
        browser.manage().window().setSize(new Dimension(390, 1800));
        assertThat(script("const width = document.documentElement.clientWidth;"
                + "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)"
                + ".filter(e => !e.closest('.table-wrap')).map(e => e.tagName + '#' + e.id)"))
                .as("elements wider than the screen").isEqualTo(List.of());
    }

    @Test
    void switchingTheTimezoneMovesTheDayEdges() throws IOException {
        signIn();

        show("2026-10-31", "2026-11-02", "America/New_York");
        // The 25-hour day: 1 November 00:30 EDT and 23:30 EST are the same local day.
        assertThat(chartTotals("daily-chart")).containsExactlyEntriesOf(
                dates("2026-10-31", 16 + 1, "2026-11-01", 32 + 64 + 2, "2026-11-02", 128 + 1));
        assertThat(text("freshness")).contains("Day edges are exact");
        screenshot("new-york-fall-back");

        show("2026-10-31", "2026-11-02", "UTC");
        assertThat(chartTotals("daily-chart")).containsExactlyEntriesOf(
                dates("2026-10-31", 0, "2026-11-01", 16 + 32 + 2, "2026-11-02", 64 + 128 + 2));

        show("2026-03-12", "2026-03-13", "Asia/Kolkata");
        assertThat(chartTotals("daily-chart")).containsExactlyEntriesOf(
                dates("2026-03-12", 1024 + 1, "2026-03-13", 2048 + 4096 + 2));
        assertThat(text("freshness")).contains("Day edges are exact");
        assertThat(text("tz-status")).contains("Asia/Kolkata, chosen here");
        screenshot("kolkata-exact-days");

        browser.findElement(By.id("save-tz")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Saved Asia/Kolkata"));
        assertThat(api("/api/me").path("timezone").asText()).isEqualTo("Asia/Kolkata");
        assertThat(browser.findElement(By.id("tz-stored")).getText()).contains("Asia/Kolkata");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"by-agent", "by-runtime"})
    void theCsvDownloadIsTheJsonsRows(String report) throws IOException {
        signIn();
        Path downloaded = DOWNLOADS.resolve("tally-" + report + "-" + text("tz-status").split(" ")[2] + "-"
                + text("tz-status").split(" ")[4] + ".csv");
        Files.deleteIfExists(downloaded);
        JsonNode json = api("/api/workspaces/" + workspace + "/usage/" + report + "?days=30&tz=" + BROWSER_TIMEZONE);

        browser.findElement(By.cssSelector("button.csv[data-report='" + report + "']")).click();
        wait.until(driver -> Files.exists(downloaded));

        String csv = Files.readString(downloaded, StandardCharsets.UTF_8);
        assertThat(json.path("rows").size()).isEqualTo(3);
        assertThat(CsvRecords.parse(csv)).isEqualTo(CsvRecords.expectedFrom(json.path("rows")));
    }

    @Test
    void aRefusedTokenReturnsToSignIn() {
        browser.get(app.uri("/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys("tly_not-a-real-token", Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sign-in-message"), "not accepted"));

        String revocable = app.tokenFor(EMAIL);
        browser.findElement(By.id("token")).sendKeys(revocable, Keys.ENTER);
        waitForReports();
        app.component().revokeAccessToken().run(revocable);
        browser.findElement(By.id("apply")).click();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertThat(text("sign-in-message")).startsWith("Signed out").contains("invalid or revoked bearer token");
        assertThat(script("return sessionStorage.getItem('tally.token')")).isNull();
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
    }

    private void signIn() {
        browser.get(app.uri("/").toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token"))).sendKeys(token, Keys.ENTER);
        waitForReports();
    }

    private void waitForReports() {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dashboard")));
        wait.until(driver -> !text("daily-total").isEmpty() && browser.findElement(By.id("reports")).getAttribute("aria-busy") == null);
    }

    /** Two dates and a typed timezone name, then Show, as a person would; waits for those reports. */
    private void show(String from, String to, String timezone) {
        new Select(browser.findElement(By.id("range"))).selectByValue("dates");
        // Date inputs take keys in the browser's locale's order; the value is the same everywhere.
        script("document.getElementById('from').value = arguments[0]; document.getElementById('to').value = arguments[1];", from, to);
        new Select(browser.findElement(By.id("tz-choice"))).selectByValue("other");
        WebElement field = browser.findElement(By.id("tz-other"));
        field.clear();
        field.sendKeys(timezone);
        browser.findElement(By.id("apply")).click();
        wait.until(driver -> text("tz-status").equals("Days run " + from + " to " + to + " in " + timezone + ", chosen here."));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Long> chartTotals(String chart) {
        Map<String, Object> totals = (Map<String, Object>) script(CHART_TOTALS, chart);
        Map<String, Long> sorted = new TreeMap<>();
        totals.forEach((date, value) -> sorted.put(date, ((Number) value).longValue()));
        return sorted;
    }

    /** Every date of the range, those without usage as 0, the way the chart lays them out. */
    private static Map<String, Long> tokensByDate(JsonNode report, String field, int days) {
        Map<String, Long> byDate = new TreeMap<>();
        java.time.LocalDate to = java.time.LocalDate.parse(report.path("to").asText());
        for (int i = 0; i < days; i++) {
            byDate.put(to.minusDays(i).toString(), 0L);
        }
        report.path("rows").forEach(row -> byDate.merge(row.path(field).asText(), tokens(row), Long::sum));
        return byDate;
    }

    private static Map<String, Long> dates(Object... dateAndTotal) {
        Map<String, Long> byDate = new TreeMap<>();
        for (int i = 0; i < dateAndTotal.length; i += 2) {
            byDate.put((String) dateAndTotal[i], ((Number) dateAndTotal[i + 1]).longValue());
        }
        return byDate;
    }

    /**
     * The totals row a table of {@code report}'s rows must end with: "Total" under the name, blanks
     * under provider and model, then the API's {@code totals} in the rows' column order, counts
     * grouped as the page writes them and amounts as the API does.
     */
    private static List<String> totalsRow(JsonNode report) {
        List<String> cells = new ArrayList<>(List.of("Total", "", ""));
        report.path("rows").get(0).fieldNames().forEachRemaining(field -> {
            JsonNode total = report.path("totals").path(field);
            if (!total.isMissingNode()) {
                cells.add(total.isNumber() ? String.format("%,d", total.asLong()) : total.asText());
            }
        });
        return cells;
    }

    private static long tokens(JsonNode row) {
        return row.path("input_tokens").asLong() + row.path("output_tokens").asLong()
                + row.path("cache_read_tokens").asLong() + row.path("cache_write_tokens").asLong();
    }

    private static long totalTokens(JsonNode report) {
        long total = 0;
        for (JsonNode row : report.path("rows")) {
            total += tokens(row);
        }
        return total;
    }

    private static long sum(JsonNode report, String field) {
        long total = 0;
        for (JsonNode row : report.path("rows")) {
            total += row.path(field).asLong();
        }
        return total;
    }

    private static long sum(java.util.Collection<Long> values) {
        return values.stream().mapToLong(Long::longValue).sum();
    }

    private JsonNode api(String pathAndQuery) {
        RunningReportApp.Response response = app.get(pathAndQuery, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private List<String> rowText(String css) {
        return browser.findElement(By.cssSelector(css)).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private Object script(String source, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(source, arguments);
    }

    private void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        try {
            Files.write(SCREENSHOTS.resolve("DashboardBrowserIT-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("could not take a screenshot", e));
        }
    }
}
