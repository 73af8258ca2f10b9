package dev.tally.rollup;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresServer;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
        Run run = rollupApp(withDatabase("--once", "--lag", "PT0S"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CommandLines.OK);
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isEqualTo(3);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @ParameterizedTest
    @CsvSource({
        "--interval, abc, '--interval'",
        "--lag, -PT1M, '--lag (TALLY_ROLLUP_LAG) must be zero or a positive ISO-8601 duration'",
        "--max-window, PT0S, '--max-window (TALLY_ROLLUP_MAX_WINDOW) must be a positive ISO-8601 duration'",
        "--tick-timeout, PT0.0001S, '--tick-timeout (TALLY_ROLLUP_TICK_TIMEOUT) must be a positive ISO-8601 duration'"})
    void aBadFlagValueIsBadUsageNamingTheFlag(String flag, String value, String message) {
        Run run = rollupApp(withDatabase("--once", flag, value));

        assertThat(run.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains(message).contains("PT5M");
    }

    @Test
    void aSchemaThatIsBehindStopsTheAppWithHowToMigrateAndMigrateFixesIt() {
        String empty = "tally_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresServer server = PostgresServer.shared();
        server.execute("CREATE DATABASE " + empty);
        try {
            String[] onTheEmptyDatabase = {"--once", "--lag", "PT0S", "--db-url", server.urlOf(empty),
                "--db-user", server.user(), "--db-password=" + server.password()};

            Run refused = rollupApp(onTheEmptyDatabase);
            Run migrated = rollupApp(concat(onTheEmptyDatabase, "--migrate"));
            Run afterwards = rollupApp(onTheEmptyDatabase);

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
        Run help = rollupApp("--help");
        Run version = rollupApp("--version");

        assertThat(help.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(help.out()).contains("--interval", "TALLY_ROLLUP_INTERVAL", "--lag", "TALLY_ROLLUP_LAG",
                "--max-window", "TALLY_ROLLUP_MAX_WINDOW", "--tick-timeout", "TALLY_ROLLUP_TICK_TIMEOUT",
                "--once", "TALLY_ROLLUP_ONCE", "--migrate", "--db-url", "TALLY_DB_URL");
        assertThat(version.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(version.out()).startsWith("rollup-app ").doesNotContain("${");
    }

    @Test
    void theRunnableJarTicksUntilSigtermThenStopsAndExitsZero(@TempDir Path workDir) throws Exception {
        Path jar = Path.of("target", "rollup-app.jar");
        assertThat(jar).as("the runnable jar, which mvn verify packages before the integration tests").exists();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(withDatabase("--lag", "PT0S", "--interval", "PT1H")));
        Path log = workDir.resolve("rollup-app.log");
        Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(awaitLine(log, "tick completed")).as("the first tick").isTrue();

            app.destroy(); // SIGTERM

            assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(app.exitValue()).as(Files.readString(log)).isEqualTo(CommandLines.OK);
            assertThat(Files.readString(log)).contains("rollup-app stopped");
        } finally {
            app.destroyForcibly();
        }
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

    /** Runs rollup-app's command in this JVM (so nothing calls System.exit), capturing what it prints. */
    private static Run rollupApp(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            int exitCode = CommandLines.execute(new RollupMain(), args);
            return new Run(exitCode, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    private record Run(int exitCode, String out, String err) {
    }
}
