package dev.tally.report;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.BadUsageException;
import dev.tally.app.CommandLines;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import dev.tally.migrations.SchemaOptions;
import dev.tally.report.http.ReportServer;
import dev.tally.report.wiring.DaggerReportComponent;
import dev.tally.report.wiring.ReportComponent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar report-app.jar}: parses the flags, builds the component, runs, closes the pool. */
@Command(name = "report-app", mixinStandardHelpOptions = true,
        resourceBundle = "dev.tally.report.release", version = "report-app ${bundle:tally.version}",
        subcommands = {TokenCommand.class, PricesCommand.class},
        description = {
            "Tally's report service: token usage per local day, week, agent, project and runtime, in the viewer's "
                    + "timezone, over HTTP. Serves until SIGTERM or Ctrl-C (then exits 0).",
            "With --check, checks that the database is reachable and its schema current, then exits: 0 when it is, "
                    + "1 when it is not. The token commands create, list and revoke the API's bearer tokens; the prices commands "
                    + "import and list the dated model prices reports estimate cost with."})
public final class ReportMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ReportMain.class);

    private static final String APP_NAME = "report-app";
    /** Each report holds one connection for its one transaction; more requests queue for the pool. */
    private static final int SERVER_POOL_SIZE = 10;
    /** A command line runs one statement at a time; Flyway may open a second connection beside it. */
    private static final int COMMAND_POOL_SIZE = 2;
    /**
     * A standby that hands out no connection within this is left for the others or the primary,
     * rather than holding reports up for the primary's 10 s.
     */
    private static final Duration STANDBY_CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** How long SIGTERM waits for requests in flight: within the 30 s most supervisors allow before SIGKILL. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    @Mixin
    DatabaseOptions database;

    @Mixin
    SchemaOptions schema;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:TALLY_REPORT_HTTP_PORT:-8080}",
            description = "Port to serve HTTP on; 0 picks a free one (env TALLY_REPORT_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", paramLabel = "ADDRESS", defaultValue = "${env:TALLY_REPORT_HTTP_HOST:-127.0.0.1}",
            description = "Address to listen on; 0.0.0.0 for every interface (env TALLY_REPORT_HTTP_HOST, "
                    + "default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--query-timeout", paramLabel = "DURATION",
            defaultValue = "${env:TALLY_REPORT_QUERY_TIMEOUT:-PT30S}",
            description = "Longest a report's database statements may run before they are cancelled "
                    + "(env TALLY_REPORT_QUERY_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration queryTimeout;

    @Option(names = "--read-db-url", paramLabel = "JDBC_URL", split = "\\s+", splitSynopsisLabel = " ",
            defaultValue = "${env:TALLY_READ_DB_URLS:-}",
            description = "JDBC URL of a hot standby of --db-url to read reports from; repeat the flag for several "
                    + "(taken in turn), or give one URL that balances over several hosts (env TALLY_READ_DB_URLS, "
                    + "URLs separated by spaces; default none: reports are read on --db-url). Writes and sign-in "
                    + "always use --db-url.")
    List<String> readDbUrls;

    @Option(names = "--max-replica-lag", paramLabel = "DURATION",
            defaultValue = "${env:TALLY_MAX_REPLICA_LAG:-PT10S}",
            description = "How far behind the primary a standby may be to serve a report; a standby further behind "
                    + "or down leaves the report to another standby or the primary, which the response says "
                    + "(env TALLY_MAX_REPLICA_LAG, default ${DEFAULT-VALUE}).")
    Duration maxReplicaLag;

    @Option(names = "--check",
            description = "Check that the database is reachable and its schema current, then exit instead of serving.")
    boolean check;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final CountDownLatch poolClosed = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new ReportMain(), args));
    }

    @Override
    public Integer call() throws InterruptedException {
        ReportSettings settings = settings();
        List<HikariDataSource> standbyPools = new ArrayList<>();
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, database, SERVER_POOL_SIZE)) {
            for (String url : settings.readDbUrls()) {
                standbyPools.add(ConnectionPools.open(APP_NAME + "-standby-" + (standbyPools.size() + 1),
                        new DatabaseOptions(url, database.user(), database.password()), SERVER_POOL_SIZE,
                        STANDBY_CONNECTION_TIMEOUT));
            }
            ReportComponent app = component(settings, pool, new Standbys(List.copyOf(standbyPools)));
            schema.prepare(app.migrations());
            if (check) {
                LOG.info("{}: the database answers and its schema is current", APP_NAME);
                return CommandLines.OK;
            }
            ReportServer server = app.server();
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopThenExitZero(server), APP_NAME + "-shutdown"));
            stopped.await();
            return CommandLines.OK;
        } finally {
            standbyPools.forEach(HikariDataSource::close);
            poolClosed.countDown();
        }
    }

    ReportSettings settings() {
        // The variable's default is empty, and a URL list may have stray spaces around it.
        List<String> urls = readDbUrls == null ? List.of() : readDbUrls.stream().filter(url -> !url.isBlank()).toList();
        if (urls.contains(database.url())) {
            throw new BadUsageException("--read-db-url (TALLY_READ_DB_URLS) must name hot standbys, not the primary "
                    + "--db-url itself: " + database.url());
        }
        return new ReportSettings(httpHost, httpPort, queryTimeout, urls, maxReplicaLag);
    }

    /** Runs one command line against the database: a pool of its own, a current schema, then {@code command}. */
    int runCommand(DatabaseOptions commandDatabase, Function<ReportComponent, Integer> command) {
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, commandDatabase, COMMAND_POOL_SIZE)) {
            ReportComponent app = component(settings(), pool, Standbys.NONE);
            app.migrations().requireCurrent();
            return command.apply(app);
        }
    }

    private static ReportComponent component(ReportSettings settings, HikariDataSource pool, Standbys standbys) {
        return DaggerReportComponent.builder().settings(settings).clock(Clock.systemUTC()).dataSource(pool)
                .standbys(standbys).build();
    }

    /**
     * On SIGTERM or Ctrl-C: the server stops taking requests and finishes those in flight, call()
     * returns and closes the pool, and the process exits 0, since a requested stop is a success
     * (left alone, the JVM would exit 143 or 130).
     */
    private void stopThenExitZero(ReportServer server) {
        server.stop();
        stopped.countDown();
        try {
            poolClosed.await(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped", APP_NAME);
        Runtime.getRuntime().halt(CommandLines.OK);
    }
}
