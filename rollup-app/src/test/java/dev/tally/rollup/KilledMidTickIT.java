package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.RunnableJar;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * rollup-app's runnable jar killed with SIGKILL while its tick waits inside the recompute, then
 * started again. A killed client cannot roll anything back itself: PostgreSQL notices it is gone
 * only when the orphaned backend next talks to it, so the orphan runs its statement to the end and
 * then, its COMMIT never coming, rolls back. Until then it holds the tick lock and other tickers
 * skip; afterwards no lock is left, every queued key is still queued, and the next tick converges.
 */
class KilledMidTickIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant MONDAY_MORNING = Instant.parse("2025-06-02T09:15:00Z");
    private static final long PROCESS_TIMEOUT_SECONDS = 60;
    private static final String TICK_LOCKS =
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4246";

    @Test
    void aTickKilledWithSigkillLeavesNoLockLosesNoKeyAndTheRestartedAppConverges(@TempDir Path workDir)
            throws Exception {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("rollup-app ticks");
        });
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID otherRuntime = platform.aRuntimeIn(workspace);
        UUID agent = platform.anAgentIn(workspace, runtime);
        UUID corrected = platform.aTask(agent, runtime, null);
        UUID reassigned = platform.aTask(agent, runtime, null);
        UUID deleted = platform.aTask(agent, runtime, null);
        platform.reportUsage(corrected, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(100, 10));
        platform.reportUsage(reassigned, "anthropic", "claude-haiku", MONDAY_MORNING.plusSeconds(3_600), Tokens.of(70, 7));
        platform.reportUsage(deleted, "openai", "gpt-4o", MONDAY_MORNING.plusSeconds(7_200), Tokens.of(30, 3));
        assertThat(runToTheEnd(workDir.resolve("first.log"), "--once")).isEqualTo(CommandLines.OK);
        // After the rollup: a correction for the watermark sweep, a move and a delete for the dirty queue.
        platform.reportUsage(corrected, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(250, 20));
        platform.reassignTaskToRuntime(reassigned, otherRuntime);
        platform.deleteTask(deleted);
        String before = rollupQueueAndWatermark();

        Path log = workDir.resolve("killed.log");
        try (HourlyRowsLocked locked = HourlyRowsLocked.in(db.dataSource())) {
            Process app = rollupJar(log, "--interval", "PT1H");
            try {
                int orphan = locked.awaitATickWaiting();

                app.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback from the client
                assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("killed").isTrue();

                assertThat(db.sql().count(TICK_LOCKS)).as("the orphaned tick still holds the lock").isOne();
                assertThat(runToTheEnd(workDir.resolve("skipped.log"), "--once")).isEqualTo(CommandLines.OK);
                assertThat(Files.readString(workDir.resolve("skipped.log"))).as("a restarted ticker meanwhile")
                        .contains("tick skipped");

                locked.release();
                db.awaitBackendGone(orphan);
            } finally {
                app.destroyForcibly();
            }
        }

        assertThat(db.sql().count(TICK_LOCKS)).as("tick locks once the orphan is gone").isZero();
        assertThat(rollupQueueAndWatermark()).as("hourly rows, dirty queue and watermark: the killed tick rolled back")
                .isEqualTo(before);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_dirty")).as("queued keys survive").isPositive();

        assertThat(runToTheEnd(workDir.resolve("restarted.log"), "--once")).isEqualTo(CommandLines.OK);
        assertThat(Files.readString(workDir.resolve("restarted.log"))).contains("tick completed");
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isEqualTo(2);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_dirty")).isZero();
        assertThat(db.sql().count("SELECT input_tokens FROM task_usage_hourly WHERE runtime_id = ? AND model = 'claude-sonnet'",
                runtime)).isEqualTo(250);
    }

    /** The jar on this test's database with no lag, its output in {@code log}. */
    private static Process rollupJar(Path log, String... flags) throws IOException {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--lag", "PT0S", "--http-port", "0", "--db-url", db.url(), "--db-user", db.user(),
                "--db-password=" + db.password()));
        return RunnableJar.start("rollup-app", log, args.toArray(String[]::new));
    }

    /** Runs the jar until it exits; returns its exit code. */
    private static int runToTheEnd(Path log, String... flags) throws IOException, InterruptedException {
        Process app = rollupJar(log, flags);
        try {
            assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
            return app.exitValue();
        } finally {
            app.destroyForcibly();
        }
    }

    private static String rollupQueueAndWatermark() {
        return db.sql().single("""
                SELECT concat_ws(' | ',
                       (SELECT string_agg(h::text, ';' ORDER BY h::text)
                        FROM (SELECT bucket_hour, runtime_id, model, input_tokens, event_count FROM task_usage_hourly) h),
                       (SELECT string_agg(d::text, ';' ORDER BY d::text)
                        FROM (SELECT bucket_hour, runtime_id, model FROM task_usage_hourly_dirty) d),
                       (SELECT watermark_at::text FROM task_usage_hourly_rollup_state))
                """, String.class);
    }
}
