package dev.tally.backfill;

import static dev.tally.backfill.BackfillApp.backfill;
import static dev.tally.backfill.BackfillApp.withDatabase;
import static dev.tally.backfill.Histories.committedSlices;
import static dev.tally.backfill.Histories.runsInProgress;
import static dev.tally.backfill.Histories.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.RunnableJar;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The runnable jar as operators run it: SIGTERM between slices, then the same command again. */
class BackfillSignalIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** What a shell reports for a process ended by SIGTERM: 128 + 15. */
    private static final int STOPPED_BY_SIGTERM = 143;
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    @Test
    void sigtermEndsThePauseAfterACommittedSliceExits143AndTheSameCommandResumes(@TempDir Path workDir)
            throws Exception {
        Histories.aRandomMultiWorkspaceHistory(db);
        Instant watermarkBefore = watermark(db);
        // The pause is longer than the test waits: only a stop that cuts it short lets the process end in time.
        String[] sameCommand = {"--slice", "P1D", "--sleep-between-slices", "PT10M"};
        Path log = workDir.resolve("backfill-app.log");
        Process app = RunnableJar.start("backfill-app", log, withDatabase(db, sameCommand));
        String output;
        try {
            assertThat(awaitText(log, "slice 1/")).as("the first slice committed").isTrue();

            app.destroy(); // SIGTERM

            assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exited during the pause").isTrue();
            output = Files.readString(log);
            assertThat(app.exitValue()).as(output).isEqualTo(STOPPED_BY_SIGTERM);
        } finally {
            app.destroyForcibly();
        }
        // The first period is one slice for every workspace at once.
        int firstPeriod = 1;
        assertThat(output).contains("stopping after the slice in flight", "Backfill stopped on request",
                "slices:      " + firstPeriod + " committed", "run the same command again");
        assertThat(committedSlices(db)).isEqualTo(firstPeriod);
        assertThat(watermark(db)).isEqualTo(watermarkBefore);

        CapturedRun resumed = backfill(db, sameCommand[0], sameCommand[1]);

        assertThat(resumed.exitCode()).as(resumed.printed()).isEqualTo(CommandLines.OK);
        assertThat(resumed.out()).contains(firstPeriod + " skipped (committed by an earlier attempt)");
        assertThat(resumed.printed()).contains("slice 1/").contains("committed by an earlier attempt, skipped");
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(watermark(db)).isAfter(watermarkBefore);
        assertThat(runsInProgress(db)).isZero();
    }

    /** Whether {@code text} shows up in the file within the process timeout. */
    private static boolean awaitText(Path file, String text) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROCESS_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.readString(file).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
