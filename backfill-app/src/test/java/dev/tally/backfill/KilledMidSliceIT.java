package dev.tally.backfill;

import static dev.tally.backfill.BackfillApp.backfill;
import static dev.tally.backfill.BackfillApp.withDatabase;
import static dev.tally.backfill.Histories.committedSlices;
import static dev.tally.backfill.Histories.rollupTick;
import static dev.tally.backfill.Histories.runsInProgress;
import static dev.tally.backfill.Histories.tickUntilCaughtUp;
import static dev.tally.backfill.Histories.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.RunnableJar;
import dev.tally.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runnable jar killed with SIGKILL while the last period's slices wait inside their merge, then
 * the same command run again. A period writes its rows and its slices' "done" records in one
 * transaction, so the killed period leaves neither: once PostgreSQL has noticed the client is gone (when the orphaned
 * backend, let go, tries to answer), its rows are as they were, it is not recorded, no tick lock is
 * left, and the rerun skips the committed slices, repairs the rest and ends equal to the oracle.
 */
class KilledMidSliceIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final long PROCESS_TIMEOUT_SECONDS = 60;
    private static final String TICK_LOCKS =
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4246";

    @Test
    void aSliceKilledWithSigkillRollsBackIsNotRecordedAndTheSameCommandRepairsEverything(@TempDir Path workDir)
            throws Exception {
        Histories.aRandomMultiWorkspaceHistory(db);
        tickUntilCaughtUp(rollupTick(db));
        // Every hourly row wrong, so every slice must rewrite its rows: the repair is visible, and so is a lost one.
        db.sql().update("UPDATE task_usage_hourly SET input_tokens = input_tokens + 1");
        OffsetDateTime newestHour = db.sql().single("SELECT max(bucket_hour) FROM task_usage_hourly", OffsetDateTime.class);
        String newestRowsBefore = hourlyRowsAt(newestHour);
        Instant watermarkBefore = watermark(db);
        String[] sameCommand = {"--slice", "P7D"};

        Process app;
        try (Connection blocker = lockTheHourlyRowsAt(newestHour)) {
            app = RunnableJar.start("backfill-app", workDir.resolve("backfill-app.log"), withDatabase(db, sameCommand));
            try {
                int orphan = awaitASliceWaiting();

                app.destroyForcibly(); // SIGKILL: no shutdown hook, no stop after the slice in flight
                assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("killed").isTrue();
                assertThat(db.sql().count(TICK_LOCKS)).as("the orphaned slice still holds the tick lock").isOne();

                blocker.rollback();
                db.awaitBackendGone(orphan);
            } finally {
                app.destroyForcibly();
            }
        }

        assertThat(db.sql().count(TICK_LOCKS)).as("tick locks once the orphan is gone").isZero();
        assertThat(committedSlices(db)).as("the earlier periods' slices committed before the kill").isPositive();
        assertThat(slicesCovering(newestHour)).as("the killed period's slices are not recorded as done").isZero();
        assertThat(hourlyRowsAt(newestHour)).as("the killed period's rows, rolled back").isEqualTo(newestRowsBefore);
        assertThat(runsInProgress(db)).as("the run, left to resume").isOne();
        assertThat(watermark(db)).isEqualTo(watermarkBefore);
        long committedBeforeTheKill = committedSlices(db);

        CapturedRun rerun = backfill(db, sameCommand);

        assertThat(rerun.exitCode()).as(rerun.printed()).isEqualTo(CommandLines.OK);
        assertThat(rerun.out()).contains(committedBeforeTheKill + " skipped (committed by an earlier attempt)");
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isGreaterThan(100);
        assertThat(watermark(db)).isAfter(watermarkBefore);
        assertThat(runsInProgress(db) + committedSlices(db)).as("a finished run is forgotten").isZero();
        assertThat(db.sql().count(TICK_LOCKS)).isZero();
    }

    /** Another session holding row locks on the hourly rows of one hour, so the period holding it waits in its merge. */
    private static Connection lockTheHourlyRowsAt(OffsetDateTime hour) throws SQLException {
        Connection blocker = db.connection();
        blocker.setAutoCommit(false);
        try (var lock = blocker.prepareStatement("SELECT 1 FROM task_usage_hourly WHERE bucket_hour = ? FOR UPDATE")) {
            lock.setObject(1, hour);
            try (ResultSet rows = lock.executeQuery()) {
                assertThat(rows.next()).as("hourly rows to lock").isTrue();
            }
        }
        return blocker;
    }

    /** Waits until a session waits on a lock (the slice, which holds the tick lock); returns its backend pid. */
    private static int awaitASliceWaiting() throws InterruptedException {
        List<Integer> waiting = waitingSessions();
        for (int waited = 0; waiting.isEmpty() && waited < PROCESS_TIMEOUT_SECONDS * 1_000; waited += 50) {
            Thread.sleep(50);
            waiting = waitingSessions();
        }
        assertThat(waiting).as("sessions waiting on a lock").hasSize(1);
        return waiting.get(0);
    }

    private static List<Integer> waitingSessions() {
        return db.sql().query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'", row -> row.getInt(1));
    }

    private static long slicesCovering(OffsetDateTime hour) {
        return db.sql().count("SELECT count(*) FROM task_usage_hourly_backfill_slice WHERE slice_from <= ? AND slice_to > ?",
                hour, hour);
    }

    private static String hourlyRowsAt(OffsetDateTime hour) {
        return db.sql().single("SELECT string_agg(h::text, E'\\n' ORDER BY h::text) FROM task_usage_hourly h "
                + "WHERE bucket_hour = ?", String.class, hour);
    }
}
