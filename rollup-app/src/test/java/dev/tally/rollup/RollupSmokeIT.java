package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.PostgresServer;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.RunnableJar;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** rollup-app through its real command line and Dagger wiring, against a real PostgreSQL. */
class RollupSmokeIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant MONDAY_MORNING = Instant.parse("2025-06-02T09:15:00Z");
    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    @BeforeEach
    void startEmpty() {
        db.reset();
    }

    @Test
    void oneTickThroughTheRealWiringRollsUpTheUsageAlreadyWritten() {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("this test ticks through rollup-app's command line");
        });
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID agent = platform.anAgentIn(workspace, runtime);
        UUID issue = platform.anIssueIn(workspace, platform.aProjectIn(workspace));
        UUID taskOnAnIssue = platform.aTask(agent, runtime, issue);
        UUID taskWithoutIssue = platform.aTask(agent, runtime, null);
        platform.reportUsage(taskOnAnIssue, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(1200, 300));
        platform.reportUsage(taskOnAnIssue, "anthropic", "claude-haiku", MONDAY_MORNING.plusSeconds(60), Tokens.of(80, 20));
        platform.reportUsage(taskWithoutIssue, "anthropic", "claude-sonnet", MONDAY_MORNING.plusSeconds(3600), Tokens.of(500, 50));

        // updated_at is now(), so only a zero lag lets this tick see the rows just written.
        CapturedRun run = rollupApp(withDatabase("--once", "--lag", "PT0S"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CommandLines.OK);
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isEqualTo(3);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @ParameterizedTest
    @CsvSource({
        "--interval, abc, '--interval', PT5M",
        "--lag, -PT1M, '--lag (TALLY_ROLLUP_LAG) must be zero or a positive ISO-8601 duration', PT5M",
        "--max-window, PT0S, '--max-window (TALLY_ROLLUP_MAX_WINDOW) must be a positive ISO-8601 duration', PT5M",
        "--tick-timeout, PT0.0001S, '--tick-timeout (TALLY_ROLLUP_TICK_TIMEOUT) must be a positive ISO-8601 duration', PT5M",
        "--health-max-staleness, PT0S, '--health-max-staleness (TALLY_ROLLUP_HEALTH_MAX_STALENESS) must be a positive', PT5M",
        "--shutdown-grace, -PT1S, '--shutdown-grace (TALLY_ROLLUP_SHUTDOWN_GRACE) must be zero or a positive', PT5M",
        "--http-port, 70000, '--http-port (TALLY_ROLLUP_HTTP_PORT) must be a port from 1 to 65535, or 0', 'got 70000'",
        "--http-port, abc, '--http-port', 'abc'",
        "--http-host, ' ', '--http-host (TALLY_ROLLUP_HTTP_HOST) must be a host name or address', 127.0.0.1"})
    void aBadFlagValueIsBadUsageNamingTheFlagAndTheAcceptedForm(String flag, String value, String message, String form) {
        CapturedRun run = rollupApp(withDatabase("--once", flag, value));

        assertThat(run.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains(message).contains(form);
    }

    @Test
    void aPortAlreadyInUseStopsTheServiceNamingTheFlags() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CapturedRun run = rollupApp(withDatabase("--http-port", String.valueOf(taken.getLocalPort())));

            assertThat(run.exitCode()).isEqualTo(CommandLines.FAILURE);
            assertThat(run.err()).contains("cannot serve health and metrics on 127.0.0.1:" + taken.getLocalPort(),
                    "--http-port");
        }
    }

    @Test
    void aSchemaThatIsBehindStopsTheAppWithHowToMigrateAndMigrateFixesIt() {
        String empty = "tally_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresServer server = PostgresServer.shared();
        server.execute("CREATE DATABASE " + empty);
        try {
            String[] onTheEmptyDatabase = {"--once", "--lag", "PT0S", "--db-url", server.urlOf(empty),
                "--db-user", server.user(), "--db-password=" + server.password()};

            CapturedRun refused = rollupApp(onTheEmptyDatabase);
            CapturedRun migrated = rollupApp(concat(onTheEmptyDatabase, "--migrate"));
            CapturedRun afterwards = rollupApp(onTheEmptyDatabase);

            assertThat(refused.exitCode()).isEqualTo(CommandLines.FAILURE);
            assertThat(refused.err()).contains("schema is behind").contains("migrate");
            assertThat(migrated.exitCode()).as(migrated.err()).isEqualTo(CommandLines.OK);
            assertThat(afterwards.exitCode()).as(afterwards.err()).isEqualTo(CommandLines.OK);
        } finally {
            server.execute("DROP DATABASE IF EXISTS " + empty + " WITH (FORCE)");
        }
    }

    @Test
    void helpNamesEveryFlagAndVersionNamesTheRelease() {
        CapturedRun help = rollupApp("--help");
        CapturedRun version = rollupApp("--version");

        assertThat(help.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(help.out()).contains("--interval", "TALLY_ROLLUP_INTERVAL", "--lag", "TALLY_ROLLUP_LAG",
                "--max-window", "TALLY_ROLLUP_MAX_WINDOW", "--tick-timeout", "TALLY_ROLLUP_TICK_TIMEOUT",
                "--once", "TALLY_ROLLUP_ONCE", "--http-port", "TALLY_ROLLUP_HTTP_PORT", "default 9464",
                "--http-host", "TALLY_ROLLUP_HTTP_HOST", "default 127.0.0.1",
                "--health-max-staleness", "TALLY_ROLLUP_HEALTH_MAX_STALENESS", "--shutdown-grace",
                "TALLY_ROLLUP_SHUTDOWN_GRACE", "--migrate", "--db-url", "TALLY_DB_URL", "install-cron", "uninstall-cron");
        assertThat(version.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(version.out()).startsWith("rollup-app ").doesNotContain("${");
    }

    @Test
    void theRunnableJarServesHealthTicksUntilSigtermThenStopsAndExitsZero(@TempDir Path workDir) throws Exception {
        int httpPort = Http.freePort();
        Path log = workDir.resolve("rollup-app.log");
        Process app = startJar(log, "--lag", "PT0S", "--interval", "PT1H", "--http-port", String.valueOf(httpPort));
        try {
            assertThat(awaitLine(log, "tick completed")).as("the first tick").isTrue();
            Http.Response health = new Http(httpPort).await("/health", response -> response.status() == 200);
            assertThat(health.status()).as(health.body()).isEqualTo(200);

            app.destroy(); // SIGTERM

            assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(app.exitValue()).as(Files.readString(log)).isEqualTo(CommandLines.OK);
            assertThat(Files.readString(log)).contains("rollup-app stopped");
        } finally {
            app.destroyForcibly();
        }
    }

    /**
     * SIGTERM while a tick waits inside its recompute: after the grace period the tick is cancelled,
     * the process exits 0, and the tick's transaction left nothing behind (no hourly row, no
     * watermark move, no lock); the error is recorded and the next tick converges.
     */
    @Test
    void sigtermDuringATickCancelsItAfterTheGraceExitsZeroAndLeavesNothingHalfWritten(@TempDir Path workDir)
            throws Exception {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("this test ticks through rollup-app's command line");
        });
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID task = platform.aTask(platform.anAgentIn(workspace, runtime), runtime, null);
        platform.reportUsage(task, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(100, 10));
        assertThat(rollupApp(withDatabase("--once", "--lag", "PT0S")).exitCode()).isEqualTo(CommandLines.OK);
        platform.reportUsage(task, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(250, 20));
        String rollupBefore = rollupAndWatermark();

        Path log = workDir.resolve("rollup-app.log");
        Process app;
        long stopMillis;
        try (HourlyRowsLocked locked = HourlyRowsLocked.in(db.dataSource())) {
            app = startJar(log, "--lag", "PT0S", "--interval", "PT1H", "--http-port", "0", "--shutdown-grace", "PT1S");
            try {
                locked.awaitATickWaiting();

                long signalled = System.nanoTime();
                app.destroy(); // SIGTERM
                assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exited").isTrue();
                stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);

                assertThat(app.exitValue()).as(Files.readString(log)).isEqualTo(CommandLines.OK);
                assertThat(db.sql().count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4246"))
                        .as("tick locks left while the row locks are still held").isZero();
            } finally {
                app.destroyForcibly();
            }
        }

        System.out.printf("[rollup-app] SIGTERM to exit with a tick in flight and a 1 s grace: %d ms%n", stopMillis);
        assertThat(Files.readString(log)).contains("cancelling it", "tick failed", "canceling statement due to user request",
                "rollup-app stopped");
        assertThat(rollupAndWatermark()).as("hourly rows and watermark, untouched by the cancelled tick")
                .isEqualTo(rollupBefore);
        assertThat(db.sql().single("SELECT last_error FROM task_usage_hourly_rollup_state", String.class))
                .contains("canceling statement due to user request");
        assertThat(rollupApp(withDatabase("--once", "--lag", "PT0S")).exitCode()).isEqualTo(CommandLines.OK);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    private static Process startJar(Path log, String... flags) throws IOException {
        return RunnableJar.start("rollup-app", log, withDatabase(flags));
    }

    private static String rollupAndWatermark() {
        return db.sql().single("""
                SELECT (SELECT string_agg(concat_ws(',', bucket_hour, agent_id, model, input_tokens, output_tokens,
                                                    event_count), ';' ORDER BY bucket_hour, agent_id, model)
                        FROM task_usage_hourly)
                       || ' watermark ' || (SELECT watermark_at FROM task_usage_hourly_rollup_state)
                """, String.class);
    }

    private static CapturedRun rollupApp(String... args) {
        return RollupCommand.run(args);
    }

    private static String[] withDatabase(String... flags) {
        return concat(flags, "--db-url", db.url(), "--db-user", db.user(), "--db-password=" + db.password());
    }

    private static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    /** Whether {@code text} shows up in the file within the process timeout. */
    private static boolean awaitLine(Path file, String text) throws IOException, InterruptedException {
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
