package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.backfill.BackfillSlice;
import dev.tally.domain.backfill.SliceResult;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A backfill slice and a tick never interleave their recomputes, and a writer committing while a
 * slice is in flight is not lost. The slice is held inside its transaction, after its recompute, by
 * a connection holding the key of the progress record it writes last; meanwhile a tick runs and a
 * writer commits; then the slice is let go.
 */
class BackfillAgainstTickIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;
    private UUID task;

    @BeforeEach
    void aRolledUpTask() {
        db.reset();
        scenario = Scenario.in(db);
        task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.tickUntilCaughtUp();
    }

    @Test
    void aTickDuringASliceSkipsAndAWriterDuringItIsRolledUpAfterwards() throws Exception {
        CompletableFuture<SliceResult> slicing;
        try (Connection blocker = db.connection()) {
            blocker.setAutoCommit(false);
            BackfillSlice slice = new BackfillSlice(scenario.workspace,
                    Scenario.MORNING.truncatedTo(ChronoUnit.DAYS), Scenario.MORNING.plus(1, ChronoUnit.DAYS));
            try (PreparedStatement progress = blocker.prepareStatement("""
                    INSERT INTO task_usage_hourly_backfill_slice
                        (run_key, workspace_id, slice_from, slice_to, raw_rows, rows_written, rows_deleted)
                    VALUES ('interleaving', ?, ?, ?, 0, 0, 0)""")) {
                progress.setObject(1, slice.workspaceId());
                progress.setObject(2, slice.from().atOffset(ZoneOffset.UTC));
                progress.setObject(3, slice.to().atOffset(ZoneOffset.UTC));
                progress.executeUpdate();
            }

            slicing = CompletableFuture.supplyAsync(() -> TallyPostgres.create(db.dataSource()).sliceRunner()
                    .runSlices("interleaving", List.of(slice)).get(0));
            db.awaitALockWaiter();

            assertThat(Ticks.javaTick(db.dataSource()).tick())
                    .as("a tick while the slice holds the tick lock").isInstanceOf(TickOutcome.Skipped.class);
            scenario.platform.reportUsage(task, "anthropic", "claude-sonnet", Scenario.MORNING, Tokens.of(999, 1));
            blocker.commit();
        }
        assertThat(slicing.get(30, TimeUnit.SECONDS).rawRows()).isOne();

        scenario.platform.tickUntilCaughtUp();

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT input_tokens FROM task_usage_hourly")).isEqualTo(999);
    }
}
