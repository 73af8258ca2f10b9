package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code report-app prices import|list} through the real command line, and what the catalog does
 * to reports: a price change inside the range, an unpriced model, a reported cost, and a corrected
 * price that re-prices history without touching the rollup. Figures are worked out by hand.
 */
class PricesCommandIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String HEADER = "provider,model,effective_from,input_usd_per_mtok,output_usd_per_mtok,"
            + "cache_read_usd_per_mtok,cache_write_usd_per_mtok\n";
    private static final String NOV_2 = "/usage/daily?from=2026-11-02&to=2026-11-02";

    private static RunningReportApp app;
    private static UUID workspace;
    private static String token;

    @TempDir
    Path files;

    /**
     * On 2 November (UTC): claude-sonnet (written "Anthropic") 1000 in + 500 out at 10:15, 1000 in at
     * 11:30, and a row at 10:45 that reported 12345 ticks; 700 tokens of a model nobody prices; a
     * reported cost of 1,234,567.8901234567 USD.
     */
    @BeforeAll
    static void usageRolledUpAndARunningApp() {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> 1);
        workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID agent = platform.anAgentIn(workspace, runtime);
        UUID user = db.sql().single("INSERT INTO \"user\" (email) VALUES ('ada@example.com') RETURNING id", UUID.class);
        db.sql().update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", workspace, user);
        platform.reportUsage(platform.aTask(agent, runtime, null), "Anthropic", "claude-sonnet",
                Instant.parse("2026-11-02T10:15:00Z"), Tokens.of(1000, 500));
        platform.reportUsage(platform.aTask(agent, runtime, null), "anthropic", "claude-sonnet",
                Instant.parse("2026-11-02T11:30:00Z"), Tokens.of(1000, 0));
        UUID costed = platform.aTask(agent, runtime, null);
        platform.reportUsage(costed, "anthropic", "claude-sonnet", Instant.parse("2026-11-02T10:45:00Z"),
                Tokens.of(99_999, 99_999));
        db.sql().update("UPDATE task_usage SET cost_usd_ticks = 12345, updated_at = now() WHERE task_id = ?", costed);
        UUID bigSpender = platform.aTask(agent, runtime, null);
        platform.reportUsage(bigSpender, "anthropic", "big-spender", Instant.parse("2026-11-02T09:00:00Z"),
                Tokens.of(0, 0));
        db.sql().update("UPDATE task_usage SET cost_usd_ticks = 12345678901234567, updated_at = now() "
                + "WHERE task_id = ?", bigSpender);
        platform.reportUsage(platform.aTask(agent, runtime, null), "anthropic", "mystery-model",
                Instant.parse("2026-11-02T10:00:00Z"), Tokens.of(600, 100));
        RollupTicks.tickUntilCaughtUp(db.dataSource());
        app = RunningReportApp.start(db.dataSource(),
                Clock.fixed(Instant.parse("2026-11-03T12:00:00Z"), ZoneOffset.UTC));
        token = app.tokenFor("ada@example.com");
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @BeforeEach
    void anEmptyCatalog() {
        db.sql().update("DELETE FROM model_price");
    }

    @Test
    void eachBucketIsPricedAtThePriceInForceAtItsStartAndACorrectionRepricesHistoryWithoutARecompute() {
        CapturedRun imported = prices("import", csv(HEADER
                + "ANTHROPIC,claude-sonnet,2026-11-01T00:00:00Z,3,15,0.3,3.75\n"
                + "anthropic,claude-sonnet,2026-11-02T06:00:00-05:00,1.234567,0,0,0\n"));

        assertThat(imported.exitCode()).as(imported.err()).isEqualTo(CommandLines.OK);
        assertThat(imported.out()).startsWith("added 2, changed 0, left 0 as they were");
        // estimated: (1000 x 3 + 500 x 15) / 1e6 at 10:00, 1000 x 1.234567 / 1e6 from 11:00 (06:00 at -05:00);
        // reported: 12345 x 1e-10 (its 99,999 tokens are not priced again)
        assertThat(sonnet()).isEqualTo(cost("0.0117358015", "0.0000012345", "0.0117345670", 0));
        String rollupBefore = rollup();

        CapturedRun corrected = prices("import", csv(HEADER
                + "anthropic,claude-sonnet,2026-11-01T00:00:00Z,6,15,0.3,3.75\n"
                + "anthropic,claude-sonnet,2026-11-02T11:00:00Z,1.234567,0,0,0\n"));

        assertThat(corrected.exitCode()).as(corrected.err()).isEqualTo(CommandLines.OK);
        assertThat(corrected.out()).startsWith("added 0, changed 1, left 1 as they were")
                .contains("changed\tanthropic\tclaude-sonnet\t2026-11-01T00:00:00Z\t6\t15\t0.3\t3.75");
        assertThat(sonnet()).isEqualTo(cost("0.0147358015", "0.0000012345", "0.0147345670", 0));
        assertThat(rollup()).isEqualTo(rollupBefore);
    }

    @Test
    void tokensWithoutAPriceAreCountedAsUnpricedNeverAsZeroDollars() {
        prices("import", csv(HEADER + "anthropic,claude-sonnet,2026-11-01T00:00:00Z,3,15,0.3,3.75\n"));

        JsonNode report = app.get("/api/workspaces/" + workspace + NOV_2, token).json();

        JsonNode mystery = rowOf(report, "mystery-model");
        assertThat(mystery.path("unpriced_tokens").asLong()).isEqualTo(700);
        assertThat(mystery.path("estimated_cost_usd").asText()).isEqualTo("0.0000000000");
        assertThat(report.path("totals").path("unpriced_tokens").asLong()).isEqualTo(700);
        assertThat(report.path("totals").path("input_tokens").asLong()).isEqualTo(1000 + 1000 + 99_999 + 600);
    }

    @Test
    void aReportedCostPastAMillionDollarsKeepsAllTenDecimalPlaces() {
        JsonNode report = app.get("/api/workspaces/" + workspace + NOV_2, token).json();

        assertThat(rowOf(report, "big-spender").path("reported_cost_usd").asText()).isEqualTo("1234567.8901234567");
        assertThat(rowOf(report, "big-spender").path("unpriced_tokens").asLong()).isZero();
    }

    @Test
    void aDryRunSaysWhatItWouldDoAndWritesNothing() {
        CapturedRun dry = prices("import", csv(HEADER + "anthropic,claude-sonnet,2026-11-01T00:00:00Z,3,15,0.3,3.75\n"),
                "--dry-run");

        assertThat(dry.exitCode()).as(dry.err()).isEqualTo(CommandLines.OK);
        assertThat(dry.out()).startsWith("dry run, nothing written: would add 1, would change 0");
        assertThat(db.sql().count("SELECT count(*) FROM model_price")).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a missing field      | anthropic,,2026-11-01T00:00:00Z,3,15,0,0     | line 3, field model: missing",
        "a negative price     | anthropic,m,2026-11-01T00:00:00Z,3,-15,0,0   | line 3, field output_usd_per_mtok: a price cannot be negative",
        "not a number         | anthropic,m,2026-11-01T00:00:00Z,3,15,abc,0  | line 3, field cache_read_usd_per_mtok: not a number",
        "a misaligned time    | anthropic,m,2026-11-01T00:30:00Z,3,15,0,0    | line 3, field effective_from: 2026-11-01T00:30:00Z is 2026-11-01T00:30:00Z in UTC, not on a UTC hour edge",
        "a half-hour offset   | anthropic,m,2026-11-01T00:00:00+05:30,3,15,0,0 | line 3, field effective_from: 2026-11-01T00:00:00+05:30 is 2026-10-31T18:30:00Z in UTC, not on a UTC hour edge",
        "no offset            | anthropic,m,2026-11-01T00:00:00,3,15,0,0     | line 3, field effective_from: not an ISO-8601 time with an offset",
        "too few fields       | anthropic,m,2026-11-01T00:00:00Z,3,15,0      | line 3: expected 7 fields",
        "a duplicate key      | ANTHROPIC,claude-sonnet,2026-11-01T00:00:00Z,4,15,0,0 | line 3: anthropic claude-sonnet from 2026-11-01T00:00:00Z is already priced by line 2",
    })
    void aBadLineExitsTwoNamingItsLineAndFieldAndWritesNothing(String what, String badLine, String message) {
        CapturedRun run = prices("import", csv(HEADER + "anthropic,claude-sonnet,2026-11-01T00:00:00Z,3,15,0,0\n"
                + badLine.strip() + "\n" + "openai,gpt-4o,2026-11-01T00:00:00Z,2.5,10,1.25,0\n"));

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains(message.strip()).contains("nothing was written").doesNotContain("\tat ");
        assertThat(db.sql().count("SELECT count(*) FROM model_price")).isZero();
    }

    @Test
    void badFlagsExitTwoWithAMessageAndNoStackTrace() {
        Path liteLlm = write("prices.json", "{}");
        List<CapturedRun> runs = List.of(
                prices("import"),
                prices("import", csv(HEADER), "--litellm", liteLlm.toString()),
                prices("import", "--litellm", liteLlm.toString()),
                prices("import", "--litellm", liteLlm.toString(), "--effective-from", "2026-11-01T00:10:00Z"),
                prices("import", "--litellm", liteLlm.toString(), "--effective-from", "yesterday"),
                prices("import", files.resolve("absent.csv").toString()),
                prices("import", write("empty.csv", "").toString()),
                prices("list", "--at", "now"),
                prices("list", "--at", "2026-11-01T00:00:00Z", "--all"));

        assertThat(runs).allSatisfy(run -> {
            assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.BAD_USAGE);
            assertThat(run.err()).startsWith("error: ").doesNotContain("\tat ");
        });
    }

    @Test
    void liteLlmPricesPerTokenBecomePricesPerMillionExactlyAndEntriesWithoutProviderOrPriceAreSkipped() {
        Path json = write("model_prices_and_context_window.json", """
                {
                  "sample_spec": {"litellm_provider": "one of https://docs.litellm.ai/docs/providers",
                                  "input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
                  "claude-sonnet-4-5": {"litellm_provider": "anthropic", "input_cost_per_token": 3e-06,
                                        "output_cost_per_token": 1.5e-05, "cache_read_input_token_cost": 3e-07,
                                        "cache_creation_input_token_cost": 3.75e-06, "max_tokens": 64000},
                  "gpt-4o": {"litellm_provider": "openai", "input_cost_per_token": 0.0000025,
                             "output_cost_per_token": 0.00001},
                  "text-embedding-3-small": {"litellm_provider": "openai", "input_cost_per_token": 2e-08,
                                             "output_cost_per_token": null},
                  "no-provider": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}
                }
                """);

        CapturedRun run = prices("import", "--litellm", json.toString(), "--effective-from", "2026-11-01T00:00:00Z");
        CapturedRun listed = prices("list", "--at", "2026-11-02T00:00:00+01:00");

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.OK);
        assertThat(run.out()).startsWith("added 2, changed 0, left 0 as they were; skipped 3");
        assertThat(listed.out().lines()).containsExactly(
                "provider\tmodel\teffective_from\tinput_usd_per_mtok\toutput_usd_per_mtok\tcache_read_usd_per_mtok\t"
                        + "cache_write_usd_per_mtok",
                "anthropic\tclaude-sonnet-4-5\t2026-11-01T00:00:00Z\t3\t15\t0.3\t3.75",
                "openai\tgpt-4o\t2026-11-01T00:00:00Z\t2.5\t10\t0\t0");
    }

    @Test
    void listShowsThePricesInForceAtATimeOrAll() {
        prices("import", csv(HEADER + "anthropic,claude-sonnet,2026-11-01T00:00:00Z,3,15,0.3,3.75\n"
                + "anthropic,claude-sonnet,2026-12-01T00:00:00Z,2,10,0.2,2.5\n"));

        assertThat(prices("list", "--at", "2026-10-31T23:00:00Z").out().lines()).hasSize(1);
        assertThat(prices("list", "--at", "2026-11-15T00:00:00Z").out()).contains("\t3\t15\t0.3\t3.75")
                .doesNotContain("\t2\t10\t");
        assertThat(prices("list", "--all").out().lines()).hasSize(3);
    }

    /** The cost fields of the claude-sonnet row of 2 November's daily report. */
    private static String sonnet() {
        JsonNode row = rowOf(app.get("/api/workspaces/" + workspace + NOV_2, token).json(), "claude-sonnet");
        return cost(row.path("cost_usd").asText(), row.path("reported_cost_usd").asText(),
                row.path("estimated_cost_usd").asText(), row.path("unpriced_tokens").asLong());
    }

    private static String cost(String costUsd, String reported, String estimated, long unpriced) {
        return costUsd + " = " + reported + " + " + estimated + ", unpriced " + unpriced;
    }

    private static JsonNode rowOf(JsonNode report, String model) {
        for (JsonNode row : report.path("rows")) {
            if (row.path("model").asText().equals(model)) {
                return row;
            }
        }
        throw new AssertionError("no " + model + " row in " + report);
    }

    private static String rollup() {
        return String.join("\n", db.sql().query("SELECT t::text FROM task_usage_hourly t ORDER BY t::text",
                row -> row.getString(1)));
    }

    private String csv(String text) {
        return write("prices.csv", text).toString();
    }

    private Path write(String name, String text) {
        try {
            return Files.writeString(files.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CapturedRun prices(String... args) {
        return ReportCommand.against(db, "prices", args);
    }
}
