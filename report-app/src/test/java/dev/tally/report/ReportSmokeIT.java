package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.PostgresServer;
import dev.tally.testing.RunnableJar;
import dev.tally.testing.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** report-app through its real command line and Dagger wiring, and its runnable jar, against a real PostgreSQL. */
class ReportSmokeIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final long PROCESS_TIMEOUT_SECONDS = 60;

    @Test
    void checkPassesOnAReachableDatabaseWithACurrentSchema() {
        CapturedRun run = ReportCommand.run(withDatabase("--check"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(CommandLines.OK);
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresqlIsBadUsage() {
        CapturedRun run = ReportCommand.run("--check", "--db-url", "jdbc:mysql://127.0.0.1:3306/tally");

        assertThat(run.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains("--db-url");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--http-port     | 70000 | --http-port (TALLY_REPORT_HTTP_PORT) must be a port from 0 to 65535",
        "--http-port     | -1    | --http-port (TALLY_REPORT_HTTP_PORT) must be a port from 0 to 65535",
        "--http-port     | http  | --http-port",
        "--query-timeout | PT0S  | --query-timeout (TALLY_REPORT_QUERY_TIMEOUT) must be a positive ISO-8601 duration",
        "--read-db-url   | jdbc:mysql://standby:3306/tally | --read-db-url (TALLY_READ_DB_URLS) must be the PostgreSQL "
                + "JDBC URL of a hot standby such as jdbc:postgresql://standby1:5432/tally, got: jdbc:mysql://standby",
        "--max-replica-lag | -PT1S | --max-replica-lag (TALLY_MAX_REPLICA_LAG) must be an ISO-8601 duration of zero "
                + "or more such as PT10S",
        "--max-replica-lag | 10s   | '10s' is not an ISO-8601 duration; use a form such as PT30S"})
    void aBadFlagValueIsBadUsageNamingTheFlag(String flag, String value, String message) {
        CapturedRun run = ReportCommand.run(withDatabase("--check", flag, value));

        assertThat(run.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains(message);
    }

    @Test
    void aReadUrlThatIsThePrimarysOwnIsBadUsage() {
        String primary = PostgresServer.shared().urlOf("postgres");
        CapturedRun run = ReportCommand.run("--check", "--db-url", primary, "--read-db-url", primary);

        assertThat(run.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains("--read-db-url (TALLY_READ_DB_URLS) must name hot standbys, not the primary");
    }

    @Test
    void aSchemaThatIsBehindStopsTheAppWithHowToMigrateAndMigrateFixesIt() {
        String empty = "tally_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresServer server = PostgresServer.shared();
        server.execute("CREATE DATABASE " + empty);
        try {
            String[] onTheEmptyDatabase = {"--check", "--db-url", server.urlOf(empty), "--db-user", server.user(),
                "--db-password=" + server.password()};

            CapturedRun refused = ReportCommand.run(onTheEmptyDatabase);
            CapturedRun migrated = ReportCommand.run(concat(onTheEmptyDatabase, "--migrate"));
            CapturedRun afterwards = ReportCommand.run(onTheEmptyDatabase);

            assertThat(refused.exitCode()).isEqualTo(CommandLines.FAILURE);
            assertThat(refused.err()).contains("schema is behind").contains("migrate");
            assertThat(migrated.exitCode()).as(migrated.err()).isEqualTo(CommandLines.OK);
            assertThat(afterwards.exitCode()).as(afterwards.err()).isEqualTo(CommandLines.OK);
        } finally {
            server.execute("DROP DATABASE IF EXISTS " + empty + " WITH (FORCE)");
        }
    }

    @Test
    void helpNamesEveryFlagAndCommandAndVersionNamesTheRelease() {
        CapturedRun help = ReportCommand.run("--help");
        CapturedRun tokenHelp = ReportCommand.run("token", "--help");
        CapturedRun version = ReportCommand.run("--version");

        assertThat(help.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(help.out()).contains("--http-port", "TALLY_REPORT_HTTP_PORT", "default 8080", "--http-host",
                "TALLY_REPORT_HTTP_HOST", "default 127.0.0.1", "--query-timeout", "--check", "--migrate", "--db-url",
                "TALLY_DB_URL", "--read-db-url", "TALLY_READ_DB_URLS", "--max-replica-lag", "TALLY_MAX_REPLICA_LAG",
                "default PT10S", "token");
        assertThat(tokenHelp.out()).contains("create", "list", "revoke");
        assertThat(version.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(version.out()).startsWith("report-app ").doesNotContain("${");
    }

    @Test
    void aPortAlreadyInUseIsAFailure() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CapturedRun run = ReportCommand.run(withDatabase("--http-port", String.valueOf(taken.getLocalPort())));

            assertThat(run.exitCode()).isEqualTo(CommandLines.FAILURE);
        }
    }

    @Test
    void theRunnableJarServesReportsUntilSigtermThenStopsAndExitsZero(@TempDir Path workDir) throws Exception {
        db.sql().update("INSERT INTO \"user\" (email) VALUES ('ada@example.com')");
        String token = ReportCommand.run(withDatabase("token", "create", "--email", "ada@example.com")).out().strip();
        int port = freePort();
        Path log = workDir.resolve("report-app.log");
        Process app = startJar(log, "--http-port", String.valueOf(port));
        try {
            assertThat(await(port, "/health", null)).as("health").isEqualTo(200);
            assertThat(await(port, "/api/me", token)).as("an authenticated request").isEqualTo(200);
            assertThat(await(port, "/api/me", null)).as("an anonymous request").isEqualTo(401);

            app.destroy(); // SIGTERM

            assertThat(app.waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(app.exitValue()).as(Files.readString(log)).isEqualTo(CommandLines.OK);
            assertThat(Files.readString(log)).contains("report-app listening on http://127.0.0.1:" + port,
                    "report-app stopped");
        } finally {
            app.destroyForcibly();
        }
    }

    private static Process startJar(Path log, String... flags) throws IOException {
        return RunnableJar.start("report-app", log, withDatabase(flags));
    }

    /** The status of {@code path} once the server answers at all (it may still be starting). */
    private static int await(int port, String path, String token) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PROCESS_TIMEOUT_SECONDS);
        while (true) {
            try {
                return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException notYetListening) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("report-app did not answer on port " + port, notYetListening);
                }
                Thread.sleep(200);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String[] withDatabase(String... args) {
        return concat(args, "--db-url", db.url(), "--db-user", db.user(), "--db-password=" + db.password());
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
