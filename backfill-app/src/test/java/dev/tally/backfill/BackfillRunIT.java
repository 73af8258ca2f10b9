package dev.tally.backfill;

import static dev.tally.backfill.BackfillApp.backfill;
import static dev.tally.backfill.BackfillApp.concat;
import static dev.tally.backfill.BackfillApp.withDatabase;
import static dev.tally.backfill.Histories.committedSlices;
import static dev.tally.backfill.Histories.databaseNow;
import static dev.tally.backfill.Histories.hourlyRows;
import static dev.tally.backfill.Histories.rollupTick;
import static dev.tally.backfill.Histories.runsInProgress;
import static dev.tally.backfill.Histories.setWatermark;
import static dev.tally.backfill.Histories.tickUntilCaughtUp;
import static dev.tally.backfill.Histories.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import dev.tally.workload.GeneratedWorkload;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * backfill-app through its real command line and Dagger wiring, on a random history of three
 * workspaces (late corrections, reassignments and deletions included), always judged by the GROUP BY
 * oracle over the raw tables.
 */
class BackfillRunIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);

    private GeneratedWorkload history;

    @BeforeEach
    void aRandomMultiWorkspaceHistoryAndAnEmptyRollup() {
        history = Histories.aRandomMultiWorkspaceHistory(db);
    }

    @Test
    void aBackfillOfAllHistoryEqualsTheOracleAndAdvancesTheWatermark() {
        Instant before = databaseNow(db);

        CapturedRun run = backfill(db, "--slice", "P7D");

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.OK);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isGreaterThan(100);
        Instant watermark = watermark(db);
        assertThat(watermark).isAfterOrEqualTo(before);
        assertThat(run.out()).contains("Backfill finished", Formats.count(history.rawRows()) + " read",
                "watermark:   " + watermark + ": the rollup continues from there");
        assertThat(run.printed()).as("one log line per slice off a terminal").contains("slice 1/", "raw rows/s, ETA");
        assertThat(run.out()).as("off a terminal nobody reviews the plan: the stage counts the raw rows, not the plan")
                .contains("raw rows:    counted as the run reads them").doesNotContain("about ");
        assertThat(run.printed()).contains("staged " + Formats.count(history.rawRows()) + " raw rows");
        assertThat(runsInProgress(db) + committedSlices(db)).as("a finished run is forgotten").isZero();
    }

    @Test
    void aFullBackfillRemovesEveryKindOfGhostRowWithoutATick() {
        assertThat(backfill(db).exitCode()).isEqualTo(CommandLines.OK);
        UUID deletedWorkspace = Ghosts.deleteAWorkspace(db);
        Ghosts.deleteAnAgent(db);
        assertThat(Ghosts.inventAKey(db)).isPositive();
        assertThat(Ghosts.rowsOutsideTheRawRange(db)).isPositive();
        assertThat(Ghosts.wrongSums(db)).isEqualTo(2);
        assertThat(Ghosts.deleteARow(db)).isEqualTo(1);
        assertThat(RollupOracle.differences(db.dataSource())).isNotEmpty();

        CapturedRun repair = backfill(db, "--yes", "--slice", "P7D");

        assertThat(repair.exitCode()).as(repair.printed()).isEqualTo(CommandLines.OK);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE workspace_id = '" + deletedWorkspace + "'")
                + db.sql().count("SELECT count(*) FROM task_usage_hourly_quarter WHERE workspace_id = '" + deletedWorkspace + "'"))
                .as("rows of the deleted workspace").isZero();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_dirty")).as("no tick ran").isPositive();
    }

    @Test
    void aScopedBackfillRemovesGhostsOfItsWorkspaceInItsRangeAndNothingElse() {
        assertThat(backfill(db).exitCode()).isEqualTo(CommandLines.OK);
        Ghosts.deleteAnAgent(db);
        int invented = Ghosts.inventAKey(db) + Ghosts.rowsOutsideTheRawRange(db);
        assertThat(invented).isPositive();
        Ghosts.wrongSums(db);
        UUID kept = db.sql().single("SELECT workspace_id FROM task_usage_hourly WHERE bucket_hour < '2002-01-01'", UUID.class);
        long elsewhere = db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE workspace_id <> '" + kept
                + "' AND (bucket_hour < '2002-01-01' OR bucket_hour > now())");
        String before = hourlyRows(db);

        CapturedRun repair = backfill(db, "--workspace", kept.toString(), "--from", "2000-01-01",
                "--to", TODAY.plusDays(60).toString());

        assertThat(repair.exitCode()).as(repair.printed()).isEqualTo(CommandLines.OK);
        assertThat(RollupOracle.differences(db.dataSource()))
                .as("what is left differs only outside workspace " + kept)
                .allSatisfy(difference -> assertThat(difference).doesNotContain(kept.toString()));
        assertThat(hourlyRows(db)).isNotEqualTo(before);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE workspace_id <> '" + kept
                + "' AND (bucket_hour < '2002-01-01' OR bucket_hour > now())"))
                .as("other workspaces' ghosts are out of scope").isEqualTo(elsewhere);
    }

    @Test
    void aRepairOfACorruptedRangeRestoresItAndLeavesTheWatermarkAndTheRestAlone() {
        assertThat(backfill(db).exitCode()).isEqualTo(CommandLines.OK);
        Instant watermark = watermark(db);
        LocalDate from = TODAY.minusDays(20);
        LocalDate to = TODAY.minusDays(10);
        Instant rangeStart = from.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant rangeEnd = to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertThat(corruptTheRange(rangeStart, rangeEnd)).isPositive();
        int outside = db.sql().update("UPDATE task_usage_hourly SET output_tokens = output_tokens + 1000 "
                + "WHERE bucket_hour < ?", rangeStart.atOffset(ZoneOffset.UTC));
        assertThat(outside).isPositive();

        CapturedRun repair = backfill(db, "--from", from.toString(), "--to", to.toString(), "--slice", "P1D");

        assertThat(repair.exitCode()).as(repair.printed()).isEqualTo(CommandLines.OK);
        assertThat(repair.out()).contains("left alone (a partial run)");
        assertThat(watermark(db)).isEqualTo(watermark);
        // Only the range was repaired: undoing the corruption before it leaves nothing to fix.
        db.sql().update("UPDATE task_usage_hourly SET output_tokens = output_tokens - 1000 WHERE bucket_hour < ?",
                rangeStart.atOffset(ZoneOffset.UTC));
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void aDryRunPrintsThePlanAndWritesNothing() {
        UUID oneWorkspace = Histories.workspaces(db).get(0);
        assertThat(backfill(db, "--workspace", oneWorkspace.toString()).exitCode()).isEqualTo(CommandLines.OK);
        db.sql().update("UPDATE task_usage_hourly SET input_tokens = input_tokens + 1 "
                + "WHERE ctid = (SELECT ctid FROM task_usage_hourly LIMIT 1)");
        Instant watermark = Instant.parse("2001-01-01T00:00:00Z");
        setWatermark(db, watermark);
        String rows = hourlyRows(db);

        CapturedRun everything = backfill(db, "--dry-run", "--slice", "P1D");
        CapturedRun partial = backfill(db, "--dry-run", "--workspace", oneWorkspace.toString(), "--from", TODAY.minusDays(3).toString());

        assertThat(everything.exitCode()).as(everything.printed()).isEqualTo(CommandLines.OK);
        assertThat(everything.out()).contains("Backfill plan", "workspaces:  all (3)", "slices:", "of up to P1D for every workspace at once",
                "range:", "(UTC, end excluded)", "raw rows:    about " + Formats.count(history.rawRows()),
                "watermark:   advances", "by workspace:", oneWorkspace.toString(), "Dry run: nothing was written.");
        assertThat(partial.exitCode()).as(partial.printed()).isEqualTo(CommandLines.OK);
        assertThat(partial.out()).contains("workspaces:  1 given", "watermark:   left alone", "Dry run");
        assertThat(hourlyRows(db)).as("the hourly table, corruption included").isEqualTo(rows);
        assertThat(runsInProgress(db) + committedSlices(db)).as("backfill progress").isZero();
        assertThat(watermark(db)).isEqualTo(watermark);
    }

    @Test
    void onlyARunOverEverythingAdvancesTheWatermarkAndNothingMovesItBackwards() {
        Instant old = Instant.parse("2001-01-01T00:00:00Z");
        setWatermark(db, old);

        CapturedRun oneWorkspace = backfill(db, "--workspace", Histories.workspaces(db).get(1).toString());
        CapturedRun fromADate = backfill(db, "--from", TODAY.minusDays(5).toString());
        Instant afterPartialRuns = watermark(db);
        Instant before = databaseNow(db);
        CapturedRun everything = backfill(db);
        Instant afterEverything = watermark(db);
        Instant future = databaseNow(db).plus(Duration.ofDays(1));
        setWatermark(db, future);
        CapturedRun everythingAgain = backfill(db);

        assertThat(List.of(oneWorkspace, fromADate, everything, everythingAgain))
                .allSatisfy(run -> assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.OK));
        assertThat(oneWorkspace.out()).contains("left alone (a partial run)");
        assertThat(fromADate.out()).contains("left alone (a partial run)");
        assertThat(afterPartialRuns).isEqualTo(old);
        assertThat(afterEverything).isAfterOrEqualTo(before).isBeforeOrEqualTo(databaseNow(db));
        assertThat(watermark(db)).as("never backwards").isEqualTo(future);
        assertThat(everythingAgain.out()).contains("watermark:   " + future);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void aBackfillBesideRollupTicksAndWritersEndsEqualToTheOracle() throws Exception {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("this test ticks with rollup-app's tick");
        });
        List<UUID[]> tasks = db.sql().query("""
                SELECT t.id, a.workspace_id FROM agent_task_queue t JOIN agent a ON a.id = t.agent_id
                ORDER BY t.id LIMIT 60
                """, row -> new UUID[] {row.getObject(1, UUID.class), row.getObject(2, UUID.class)});
        Map<UUID, List<UUID>> runtimesByWorkspace = db.sql().query("SELECT workspace_id, id FROM agent_runtime ORDER BY id",
                        row -> new UUID[] {row.getObject(1, UUID.class), row.getObject(2, UUID.class)}).stream()
                .collect(Collectors.groupingBy(pair -> pair[0], Collectors.mapping(pair -> pair[1], Collectors.toList())));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AtomicBoolean backfilling = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> writerAndTicker = CompletableFuture.runAsync(() -> {
            RunRollupTick tick = rollupTick(db);
            for (int writes = 0; backfilling.get() || writes < 20; writes = written.incrementAndGet()) {
                UUID task = tasks.get(writes % tasks.size())[0];
                UUID workspace = tasks.get(writes % tasks.size())[1];
                String model = "live-" + writes % 3;
                platform.reportUsage(task, "anthropic", model, now.minus(writes % 720, ChronoUnit.HOURS),
                        Tokens.of(writes + 1, 1));
                if (writes % 7 == 3) {
                    List<UUID> runtimes = runtimesByWorkspace.get(workspace);
                    platform.reassignTaskToRuntime(task, runtimes.get(writes % runtimes.size()));
                }
                if (writes % 11 == 5) {
                    platform.deleteUsage(task, "anthropic", model);
                }
                tick.tick();
            }
        });

        CapturedRun run = backfill(db, "--slice", "P1D");
        int writesDuringTheBackfill = written.get();
        backfilling.set(false);
        writerAndTicker.get(2, TimeUnit.MINUTES);
        tickUntilCaughtUp(rollupTick(db));

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.OK);
        assertThat(writesDuringTheBackfill).isPositive();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void onATerminalProgressIsOneBarRedrawnInPlace() {
        ScriptedTerminal terminal = ScriptedTerminal.answering(false);

        CapturedRun run = backfill(new BackfillMain(terminal, new StopSignal()), withDatabase(db, "--slice", "P7D"));

        assertThat(run.exitCode()).as(run.printed() + terminal.shownOnErr()).isEqualTo(CommandLines.OK);
        assertThat(terminal.questions).as("a small run starts without asking").isEmpty();
        assertThat(terminal.shownOnErr())
                .containsPattern("\r\\[#{30}\\] (\\d+)/\\1 slices  [\\d,]+ raw rows/s, ETA ")
                .endsWith(System.lineSeparator())
                .doesNotContain("\n\r");
        assertThat(run.printed()).as("no log line per slice at a terminal").doesNotContain("slice 1/");
        assertThat(terminal.shownOnOut()).contains("Backfill plan", "Backfill finished");
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void onATerminalALargeRunAsksFirstAndANoWritesNothingWhileYesSkipsTheQuestion() {
        ScriptedTerminal terminal = ScriptedTerminal.answering(false);
        String[] moreThanFiveHundredDailySlices = {"--from", TODAY.minusDays(520).toString(), "--to", TODAY.toString(),
            "--slice", "P1D"};

        CapturedRun declined = backfill(new BackfillMain(terminal, new StopSignal()), withDatabase(db, moreThanFiveHundredDailySlices));

        assertThat(declined.exitCode()).isEqualTo(CommandLines.FAILURE);
        assertThat(terminal.questions).containsExactly("Proceed? [y/N] ");
        assertThat(terminal.shownOnOut()).contains("Backfill plan", "slices:      521 of up to P1D", "large run",
                "--yes starts it without this question", "Not started: nothing was written.");
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isZero();
        assertThat(runsInProgress(db) + committedSlices(db)).isZero();

        CapturedRun withYes = backfill(new BackfillMain(terminal, new StopSignal()),
                withDatabase(db, concat(moreThanFiveHundredDailySlices, "--yes")));

        assertThat(withYes.exitCode()).as(withYes.printed()).isEqualTo(CommandLines.OK);
        assertThat(terminal.questions).as("--yes did not ask").hasSize(1);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void usageWrittenWhileTheQuestionIsOpenIsNotPassedOverByTheWatermark() {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> 0);
        UUID anyTask = db.sql().single("SELECT id FROM agent_task_queue LIMIT 1", UUID.class);
        // One row 520 days back makes all history more than 500 daily slices (one a day for every
        // workspace at once): the run asks first.
        platform.reportUsage(anyTask, "anthropic", "vintage", Instant.now().minus(Duration.ofDays(520)), Tokens.of(5, 5));
        ScriptedTerminal terminal = new ScriptedTerminal(() -> {
            UUID newcomer = platform.aWorkspace();
            UUID runtime = platform.aRuntimeIn(newcomer);
            UUID task = platform.aTask(platform.anAgentIn(newcomer, runtime), runtime, null);
            platform.reportUsage(task, "anthropic", "newcomer", Instant.now(), Tokens.of(42, 4));
            return true;
        });

        CapturedRun run = backfill(new BackfillMain(terminal, new StopSignal()), withDatabase(db, "--slice", "P1D"));
        tickUntilCaughtUp(rollupTick(db));

        assertThat(run.exitCode()).as(run.printed() + terminal.shownOnErr()).isEqualTo(CommandLines.OK);
        assertThat(terminal.questions).hasSize(1);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE model = 'newcomer'"))
                .as("the newcomer's usage committed before the run's horizon, so a slice must cover it").isOne();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    /** Changes, deletes and invents hourly rows in {@code [from, to)}; returns how many rows it touched. */
    private static int corruptTheRange(Instant from, Instant to) {
        Object start = from.atOffset(ZoneOffset.UTC);
        Object end = to.atOffset(ZoneOffset.UTC);
        return db.sql().update("UPDATE task_usage_hourly SET input_tokens = input_tokens + 7 "
                        + "WHERE bucket_hour >= ? AND bucket_hour < ? AND random() < 0.5", start, end)
                + db.sql().update("DELETE FROM task_usage_hourly WHERE ctid IN (SELECT ctid FROM task_usage_hourly "
                        + "WHERE bucket_hour >= ? AND bucket_hour < ? LIMIT 3)", start, end)
                + db.sql().update("""
                        INSERT INTO task_usage_hourly (bucket_hour, workspace_id, runtime_id, agent_id, provider, model,
                                                       input_tokens, task_count, event_count)
                        SELECT DISTINCT ON (bucket_hour, workspace_id, runtime_id, agent_id)
                               bucket_hour, workspace_id, runtime_id, agent_id, 'ghost', 'ghost', 1, 1, 1
                        FROM task_usage_hourly WHERE bucket_hour >= ? AND bucket_hour < ? LIMIT 2
                        """, start, end);
    }
}
