package dev.tally.backfill;

import static dev.tally.backfill.BackfillApp.backfill;
import static dev.tally.backfill.Histories.rollupTick;
import static dev.tally.backfill.Histories.tickUntilCaughtUp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code backfill-app verify} on a rolled-up random history: clean, each kind of drift (scoped and
 * not), its exit codes, {@code --repair}, and verify racing writers and ticks.
 */
class VerifyIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void aRolledUpHistoryWithNothingPending() {
        Histories.aRandomMultiWorkspaceHistory(db);
        assertThat(backfill(db).exitCode()).isEqualTo(CommandLines.OK);
        tickUntilCaughtUp(rollupTick(db));
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void aRollupEqualToRawIsCleanScopedOrNot() {
        UUID workspace = Histories.workspaces(db).get(0);

        CapturedRun all = verify();
        CapturedRun scoped = verify("--workspace", workspace.toString(), "--from", today().minusDays(9).toString(),
                "--to", today().toString());

        assertThat(List.of(all, scoped)).allSatisfy(run -> {
            assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.OK);
            assertThat(run.out()).contains("0 ranges drifted: 0 rows missing, 0 extra, 0 different; 0 pending",
                    "Result: clean");
        });
    }

    @Test
    void everyKindOfDifferenceIsDriftWithItsCountsAndExitOne() {
        UUID gone = Ghosts.rowsOfAWorkspaceThatIsGone(db);
        int invented = Ghosts.inventAKey(db) + Ghosts.rowsOutsideTheRawRange(db);
        Ghosts.wrongSums(db);
        Ghosts.deleteARow(db);

        CapturedRun run = verify();

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.FAILURE);
        assertThat(run.out()).contains(gone.toString(), "2001-02-03", "Result: DRIFT", "verify --repair");
        List<long[]> totals = totals();
        assertThat(totals.get(0)[0]).as("missing (a row and its quarters)").isPositive();
        assertThat(totals.get(0)[1]).as("extra: a gone workspace, an invented key, hours outside raw")
                .isGreaterThanOrEqualTo(2L * (invented + 1));
        assertThat(totals.get(0)[2]).as("different: an hourly and a quarter row").isEqualTo(2);
        assertThat(totals.get(0)[3]).as("pending").isZero();
    }

    @Test
    void aScopedVerifyReportsOnlyItsScope() {
        UUID workspace = db.sql().single("SELECT workspace_id FROM task_usage_hourly ORDER BY bucket_hour DESC, workspace_id "
                + "LIMIT 1", UUID.class);
        UUID other = Histories.workspaces(db).stream().filter(id -> !id.equals(workspace)).findFirst().orElseThrow();
        Instant newest = db.sql().single("SELECT max(bucket_hour) FROM task_usage_hourly", OffsetDateTime.class).toInstant();
        db.sql().update("UPDATE task_usage_hourly SET output_tokens = output_tokens + 5 WHERE workspace_id = ? "
                + "AND bucket_hour = ?", workspace, newest.atOffset(ZoneOffset.UTC));
        LocalDate day = LocalDate.ofInstant(newest, ZoneOffset.UTC);

        CapturedRun inScope = verify("--workspace", workspace.toString(), "--from", day.toString(), "--to", day.toString());
        CapturedRun otherWorkspace = verify("--workspace", other.toString());
        CapturedRun otherDays = verify("--to", day.minusDays(1).toString());

        assertThat(inScope.exitCode()).as(inScope.printed()).isEqualTo(CommandLines.FAILURE);
        assertThat(inScope.out()).contains(day + "  " + workspace);
        assertThat(otherWorkspace.exitCode()).as(otherWorkspace.printed()).isEqualTo(CommandLines.OK);
        assertThat(otherDays.exitCode()).as(otherDays.printed()).isEqualTo(CommandLines.OK);
    }

    @Test
    void repairFixesExactlyWhatDriftedAndAVerifyAfterIsClean() {
        Ghosts.rowsOfAWorkspaceThatIsGone(db);
        Ghosts.inventAKey(db);
        Ghosts.rowsOutsideTheRawRange(db);
        Ghosts.wrongSums(db);
        Ghosts.deleteARow(db);
        OffsetDateTime beforeRepair = db.sql().single("SELECT clock_timestamp()", OffsetDateTime.class);
        long held = db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE updated_at < ?", beforeRepair);

        CapturedRun repair = verify("--repair");
        CapturedRun after = verify();
        // Rows the repair rewrote carry its time; the rest, which did not drift, keep theirs.
        long untouched = db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE updated_at < ?", beforeRepair);

        assertThat(repair.exitCode()).as(repair.printed()).isEqualTo(CommandLines.OK);
        assertThat(repair.out()).contains("repaired:", "after repair:", "Result: clean");
        assertThat(after.exitCode()).as(after.printed()).isEqualTo(CommandLines.OK);
        assertThat(after.out()).contains("Result: clean");
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(untouched).as("rows that did not drift are not rewritten").isPositive().isLessThan(held);
    }

    @Test
    void badUsageIsExitTwo() {
        assertThat(verify("--from", "2026-03-02", "--to", "2026-03-01").exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(verify("--workspace", "not-a-uuid").exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(verify("--from", "yesterday").exitCode()).isEqualTo(CommandLines.BAD_USAGE);
    }

    @Test
    void aWriteTheTickHasNotSeenIsPendingNeverClean() {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> 0);
        UUID task = db.sql().single("SELECT id FROM agent_task_queue ORDER BY id LIMIT 1", UUID.class);
        platform.reportUsage(task, "anthropic", "unseen", Instant.now().minus(3, ChronoUnit.DAYS), Tokens.of(5, 5));

        CapturedRun run = verify();

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.OK);
        assertThat(run.out()).contains("Pending:", "Result: no drift, some rows pending the next tick")
                .doesNotContain("Result: clean");
        tickUntilCaughtUp(rollupTick(db));
        assertThat(verify().out()).contains("Result: clean");
    }

    @Test
    void verifyRacingWritersAndTicksNeverReportsFalseDriftNorMissesRealDrift() throws Exception {
        // A real drift in a quiet hour long before anything the writers touch.
        Instant oldest = db.sql().single("SELECT min(bucket_hour) FROM task_usage_hourly", OffsetDateTime.class).toInstant();
        db.sql().update("UPDATE task_usage_hourly SET input_tokens = input_tokens + 1 WHERE ctid = "
                + "(SELECT ctid FROM task_usage_hourly WHERE bucket_hour = ? LIMIT 1)", oldest.atOffset(ZoneOffset.UTC));
        LocalDate driftDay = LocalDate.ofInstant(oldest, ZoneOffset.UTC);
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> 0);
        List<UUID> tasks = db.sql().query("SELECT id FROM agent_task_queue ORDER BY id LIMIT 40",
                row -> row.getObject(1, UUID.class));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AtomicBoolean verifying = new AtomicBoolean(true);
        CompletableFuture<Void> writers = CompletableFuture.runAsync(() -> {
            RunRollupTick tick = rollupTick(db);
            for (int writes = 0; verifying.get(); writes++) {
                UUID task = tasks.get(writes % tasks.size());
                platform.reportUsage(task, "anthropic", "race-" + writes % 3, now.minus(writes % 200, ChronoUnit.HOURS),
                        Tokens.of(writes + 1, 1));
                if (writes % 9 == 4) {
                    platform.deleteUsage(task, "anthropic", "race-" + writes % 3);
                }
                if (writes % 3 == 0) {
                    tick.tick();
                }
            }
        });
        List<CapturedRun> runs = new ArrayList<>();
        try {
            for (int round = 0; round < 4; round++) {
                runs.add(verify());
            }
        } finally {
            verifying.set(false);
            writers.get(2, TimeUnit.MINUTES);
        }

        assertThat(runs).allSatisfy(run -> {
            assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.FAILURE);
            assertThat(run.out()).as("the real drift, and only it, is drift")
                    .contains(driftDay.toString(), "1 ranges drifted: 0 rows missing, 0 extra, 1 different")
                    .doesNotContain("Result: clean");
        });
    }

    /** The totals line of a verify run now: missing, extra, different, pending. */
    private List<long[]> totals() {
        return db.sql().query("SELECT sum(missing), sum(extra), sum(different), sum(pending) "
                + "FROM task_usage_hourly_verify('2000-01-01', now() + INTERVAL '100 days', NULL)",
                row -> new long[] {row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4)});
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static CapturedRun verify(String... flags) {
        return backfill(db, BackfillApp.concat(new String[] {"verify"}, flags));
    }
}
