package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.backfill.BackfillOutcome;
import dev.tally.domain.backfill.BackfillPlan;
import dev.tally.domain.backfill.BackfillProgress;
import dev.tally.domain.backfill.BackfillRejected;
import dev.tally.domain.backfill.BackfillRequest;
import dev.tally.domain.backfill.BackfillSlice;
import dev.tally.domain.backfill.PlanBackfill;
import dev.tally.domain.backfill.RunBackfill;
import dev.tally.domain.backfill.SliceResult;
import dev.tally.domain.backfill.SliceLength;
import dev.tally.domain.backfill.SliceRunner;
import dev.tally.domain.rollup.UsagePlatform;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Backfill and repair against a real PostgreSQL: always ends equal to the GROUP BY oracle. */
class BackfillIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    private UsagePlatform platform;
    private List<UUID> workspaces;
    private TallyPostgres postgres;

    @BeforeEach
    void threeWorkspacesWithFortyDaysOfHistoryAndAnEmptyRollup() {
        db.reset();
        postgres = TallyPostgres.create(db.dataSource());
        platform = new PostgresUsagePlatform(db.dataSource(),
                () -> Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource())));
        workspaces = new ArrayList<>();
        Random random = new Random(42);
        for (int w = 0; w < 3; w++) {
            UUID workspace = platform.aWorkspace();
            workspaces.add(workspace);
            UUID runtime = platform.aRuntimeIn(workspace);
            UUID agent = platform.anAgentIn(workspace, runtime);
            UUID project = platform.aProjectIn(workspace);
            UUID issue = platform.anIssueIn(workspace, project);
            for (int t = 0; t < 30; t++) {
                UUID task = platform.aTask(agent, runtime, random.nextBoolean() ? issue : null);
                Instant at = NOW.minus(random.nextInt(40 * 24 * 60), ChronoUnit.MINUTES);
                platform.reportUsage(task, random.nextBoolean() ? "anthropic" : "openai", "m" + random.nextInt(3), at,
                        new Tokens(random.nextInt(5000), random.nextInt(900), random.nextInt(100), 1));
            }
        }
        db.sql().update("UPDATE task_usage SET updated_at = created_at");
        db.sql().update("UPDATE task_usage_hourly_rollup_state SET watermark_at = ?", utc(NOW.minus(30, ChronoUnit.DAYS)));
    }

    @Test
    void aBackfillOfAllHistoryEqualsTheOracleAndAdvancesTheWatermark() {
        BackfillOutcome outcome = run(everything(SliceLength.WEEK));

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isGreaterThan(50);
        assertThat(outcome).isInstanceOfSatisfying(BackfillOutcome.Finished.class, finished -> {
            assertThat(finished.rawRows()).isEqualTo(90);
            assertThat(finished.watermark()).hasValueSatisfying(w -> assertThat(w).isAfter(NOW.minusSeconds(1)));
        });
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_backfill_run")).as("finished runs are forgotten").isZero();
    }

    @Test
    void aRepairOfACorruptedRangeRestoresIt() {
        run(everything(SliceLength.MONTH));
        db.sql().update("UPDATE task_usage_hourly SET input_tokens = input_tokens + 7 WHERE random() < 0.5");
        db.sql().update("DELETE FROM task_usage_hourly WHERE ctid IN (SELECT ctid FROM task_usage_hourly LIMIT 3)");
        db.sql().update("""
                INSERT INTO task_usage_hourly (bucket_hour, workspace_id, runtime_id, agent_id, provider, model,
                                               input_tokens, task_count, event_count)
                SELECT DISTINCT ON (bucket_hour, workspace_id, runtime_id, agent_id)
                       bucket_hour - interval '1 hour', workspace_id, runtime_id, agent_id, 'ghost', 'ghost', 1, 1, 1
                FROM task_usage_hourly LIMIT 2
                """);
        assertThat(RollupOracle.differences(db.dataSource())).isNotEmpty();

        BackfillOutcome outcome = run(new BackfillRequest(List.of(), Optional.of(LocalDate.now(ZoneOffset.UTC).minusDays(45)),
                Optional.of(LocalDate.now(ZoneOffset.UTC)), SliceLength.DAY));

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(outcome).isInstanceOfSatisfying(BackfillOutcome.Finished.class,
                finished -> assertThat(finished.watermark()).as("a ranged repair leaves the watermark").isEmpty());
    }

    @Test
    void anInterruptedRunResumesWithoutRedoingCommittedSlices() {
        BackfillPlan plan = plan(everything(SliceLength.WEEK));
        AtomicInteger slices = new AtomicInteger();
        BackfillOutcome first = runner()
                .run(plan, Duration.ZERO, () -> slices.get() >= 4, countingInto(slices));
        int committed = slices.get();
        assertThat(first).isEqualTo(new BackfillOutcome.Stopped(committed, plan.slices().size() - committed));

        BackfillOutcome second = run(everything(SliceLength.WEEK));

        assertThat(second).isInstanceOfSatisfying(BackfillOutcome.Finished.class, finished -> {
            assertThat(finished.slicesSkipped()).isEqualTo(committed);
            assertThat(finished.slicesRun()).isEqualTo(plan.slices().size() - committed);
        });
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void aBackfillBesideTicksAndWritersLosesNothing() throws Exception {
        AtomicBoolean backfilling = new AtomicBoolean(true);
        UUID workspace = workspaces.get(0);
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID agent = platform.anAgentIn(workspace, runtime);
        CompletableFuture<Void> writerAndTicker = CompletableFuture.runAsync(() -> {
            var tick = Ticks.javaTick(db.dataSource());
            for (int i = 0; backfilling.get() || i < 5; i++) {
                UUID task = platform.aTask(agent, runtime, null);
                platform.reportUsage(task, "anthropic", "live", NOW.minus(i % 50, ChronoUnit.HOURS), Tokens.of(i, 1));
                tick.tick();
            }
        });

        run(everything(SliceLength.DAY));
        backfilling.set(false);
        writerAndTicker.get();
        platform.tickUntilCaughtUp();

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void changesAfterTheStageWasReadReachTheRollupWhetherATickDrainedThemOrNot() {
        UUID workspace = workspaces.get(0);
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID agent = platform.anAgentIn(workspace, runtime);
        UUID reassigned = platform.aTask(agent, runtime, null);
        platform.reportUsage(reassigned, "anthropic", "moved", NOW.minus(20, ChronoUnit.DAYS), Tokens.of(100, 10));
        UUID deleted = platform.aTask(agent, runtime, null);
        platform.reportUsage(deleted, "openai", "gone", NOW.minus(10, ChronoUnit.DAYS), Tokens.of(200, 20));
        platform.tickUntilCaughtUp();
        SliceRunner staged = postgres.sliceRunner();
        SliceRunner changingAfterTheStage = new SliceRunner() {
            @Override
            public long stage(String runKey, List<BackfillSlice> slices) {
                long rawRows = staged.stage(runKey, slices);
                // New usage: found by its updated_at, past the stage's horizon.
                platform.reportUsage(platform.aTask(agent, runtime, null), "anthropic", "late",
                        NOW.minus(5, ChronoUnit.DAYS), Tokens.of(300, 30));
                // A reassignment queues both sides; a tick drains them (journaled) before the merge.
                platform.reassignTaskToRuntime(reassigned, platform.aRuntimeIn(workspace));
                platform.tickUntilCaughtUp();
                // A delete still queued when its period merges.
                platform.deleteUsage(deleted, "openai", "gone");
                return rawRows;
            }

            @Override
            public List<SliceResult> runSlices(String runKey, List<BackfillSlice> slicesOfOnePeriod) {
                return staged.runSlices(runKey, slicesOfOnePeriod);
            }
        };

        new RunBackfill(new PlanBackfill(postgres.usageHistory()), postgres.backfillRuns(), changingAfterTheStage,
                postgres.rollupWatermark(), pause -> { })
                .run(plan(everything(SliceLength.WEEK)), Duration.ZERO, () -> false, BackfillProgress.SILENT);

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_staged")).as("the stage is dropped").isZero();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_drained")).as("and its journal").isZero();
    }

    @Test
    void aRunClosingItsStageLeavesAnotherOpenStageAndItsJournalIntact() {
        db.sql().single("SELECT task_usage_hourly_backfill_open_stage('other')", OffsetDateTime.class);
        long otherStaged = db.sql().single("SELECT task_usage_hourly_backfill_stage('other', ARRAY[?::uuid], ?, ?)",
                Long.class, BackfillSlice.ALL_WORKSPACES, utc(NOW.minus(50, ChronoUnit.DAYS)), utc(NOW.plus(1, ChronoUnit.DAYS)));
        UUID workspace = workspaces.get(0);
        UUID task = platform.aTask(platform.anAgentIn(workspace, platform.aRuntimeIn(workspace)), platform.aRuntimeIn(workspace), null);
        platform.reportUsage(task, "anthropic", "journaled", NOW.minus(3, ChronoUnit.DAYS), Tokens.of(10, 1));
        platform.reassignTaskToRuntime(task, platform.aRuntimeIn(workspace));
        platform.tickUntilCaughtUp();
        long journaled = db.sql().count("SELECT count(*) FROM task_usage_hourly_drained");

        run(everything(SliceLength.WEEK));

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(otherStaged).isPositive();
        assertThat(journaled).as("keys a tick drained while the other stage was open").isPositive();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_staged")).as("only the other run's sums")
                .isEqualTo(db.sql().count("SELECT count(*) FROM task_usage_hourly_staged WHERE run_key = 'other'"))
                .isPositive();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_drained")).isEqualTo(journaled);

        db.sql().single("SELECT task_usage_hourly_backfill_close_stage('other')::text", String.class);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_staged")).isZero();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_drained")).isZero();
    }

    @Test
    void aPartialRunLeavesTheWatermarkAndNothingMovesItBackwards() {
        db.sql().update("UPDATE task_usage_hourly_rollup_state SET watermark_at = now() + interval '1 day'");
        Instant future = watermark();

        BackfillOutcome partial = run(new BackfillRequest(List.of(workspaces.get(1)), Optional.empty(), Optional.empty(),
                SliceLength.MONTH));
        BackfillOutcome full = run(everything(SliceLength.MONTH));

        assertThat(partial).isInstanceOfSatisfying(BackfillOutcome.Finished.class,
                finished -> assertThat(finished.watermark()).isEmpty());
        assertThat(full).isInstanceOfSatisfying(BackfillOutcome.Finished.class,
                finished -> assertThat(finished.watermark()).contains(future));
        assertThat(watermark()).isEqualTo(future);
    }

    @Test
    void planningWritesNothingAndEstimatesTheRawRows() {
        BackfillPlan plan = plan(everything(SliceLength.DAY));

        assertThat(plan.rawRows().orElseThrow().total()).isEqualTo(90);
        assertThat(plan.slices()).as("one slice a day for every workspace at once").hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(slice -> assertThat(slice.coversAllWorkspaces()).isTrue());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isZero();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_backfill_run")).isZero();
    }

    @Test
    void anUnknownWorkspaceIsRejectedByName() {
        UUID stranger = UUID.randomUUID();
        assertThatThrownBy(() -> plan(new BackfillRequest(List.of(stranger), Optional.empty(), Optional.empty(),
                SliceLength.DAY))).isInstanceOf(BackfillRejected.class).hasMessageContaining(stranger.toString());
    }

    private static BackfillRequest everything(SliceLength slice) {
        return new BackfillRequest(List.of(), Optional.empty(), Optional.empty(), slice);
    }

    private BackfillPlan plan(BackfillRequest request) {
        return new PlanBackfill(postgres.usageHistory()).plan(request);
    }

    private BackfillOutcome run(BackfillRequest request) {
        return runner()
                .run(plan(request), Duration.ZERO, () -> false, BackfillProgress.SILENT);
    }

    private RunBackfill runner() {
        return new RunBackfill(new PlanBackfill(postgres.usageHistory()), postgres.backfillRuns(), postgres.sliceRunner(),
                postgres.rollupWatermark(), pause -> { });
    }

    private static BackfillProgress countingInto(AtomicInteger slices) {
        return new BackfillProgress() {
            @Override
            public void sliceDone(int position, int total, BackfillSlice slice,
                    SliceResult result) {
                slices.incrementAndGet();
            }
        };
    }

    private Instant watermark() {
        return db.sql().single("SELECT watermark_at FROM task_usage_hourly_rollup_state", OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
