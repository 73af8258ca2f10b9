package dev.tally.quickstart;

import dev.tally.app.BadUsageException;
import dev.tally.app.CommandLines;
import dev.tally.app.DatabaseOptions;
import dev.tally.migrations.Migrations;
import dev.tally.workload.GeneratedWorkload;
import dev.tally.workload.RollupVerifier;
import dev.tally.workload.WorkloadGenerator;
import dev.tally.workload.WorkloadShape;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Tally end to end on sample data: a database (embedded unless TALLY_DB_URL is set), the schema,
 * a sample, the rollup caught up and checked against the raw data, a daily report in two
 * timezones, and report-app serving the API until Ctrl-C.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Runs Tally end to end on sample data. Without TALLY_DB_URL it starts an embedded "
                + "PostgreSQL whose data stays in --data-dir, so a second run reuses it.")
public final class QuickstartMain implements Callable<Integer> {

    private static final String DEMO_USER = "demo@sample.tally.dev";
    private static final int STEPS = 6;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "${env:TALLY_DB_URL}",
            description = "Use this PostgreSQL instead of the embedded one (env TALLY_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:TALLY_DB_USER:-postgres}", description = "(env TALLY_DB_USER)")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:TALLY_DB_PASSWORD:-}", description = "(env TALLY_DB_PASSWORD)")
    String dbPassword;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".tally/quickstart",
            description = "Where the embedded PostgreSQL keeps its data and report-app its log (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-port", defaultValue = "54329", description = "The embedded PostgreSQL's port (default ${DEFAULT-VALUE}).")
    int dbPort;

    @Option(names = "--http-port", defaultValue = "8080", description = "report-app's port (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--viewer-timezone", defaultValue = "America/New_York",
            description = "The second timezone of the daily table (default ${DEFAULT-VALUE}).")
    String viewerTimezone;

    @Option(names = "--report-app-jar", defaultValue = "report-app/target/report-app.jar",
            description = "report-app's runnable jar (default ${DEFAULT-VALUE}).")
    Path reportAppJar;

    @Option(names = "--allow-existing-data",
            description = "Write the sample into a database that already holds other (non-sample) workspaces.")
    boolean allowExistingData;

    @Option(names = "--exit-after-print",
            description = "Stop everything and exit after printing the curl commands, instead of serving until Ctrl-C.")
    boolean exitAfterPrint;

    private final PrintStream out = System.out;
    /** Ctrl-C asks the serving loop to stop... */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** ...and the JVM waits until report-app and the database have stopped. */
    private final CountDownLatch finished = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new QuickstartMain(), args));
    }

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } finally {
            finished.countDown();
        }
    }

    private int run() throws Exception {
        if (!Files.isRegularFile(reportAppJar)) {
            throw new BadUsageException("report-app's jar is not at " + reportAppJar
                    + "; build it first (mvn -q -B package -DskipTests) or give --report-app-jar");
        }
        step(1, dbUrl == null ? "Starting an embedded PostgreSQL (data in " + dataDir.resolve("db") + ")"
                : "Using the database at " + dbUrl);
        try (QuickstartDatabase database = QuickstartDatabase.open(new DatabaseOptions(dbUrl, dbUser, dbPassword),
                dbUrl != null, dataDir.resolve("db"), dbPort)) {
            step(2, "Migrating the schema");
            detail("applied " + Migrations.of(database.pool()).migrate() + " migration(s); the schema is current");

            step(3, "Writing the sample");
            if (!writeSample(database)) {
                return CommandLines.BAD_USAGE;
            }

            step(4, "Rolling up until caught up");
            CatchUp catchUp = new CatchUp(database.pool(), this::detail);
            detail("caught up in " + catchUp.run() + " tick(s)");

            step(5, "Checking the rollup against the raw data");
            List<String> differences = RollupVerifier.differences(database.pool());
            if (!differences.isEmpty()) {
                differences.forEach(this::detail);
                throw new IllegalStateException("the rollup does not match the raw data");
            }
            detail(String.format("task_usage_hourly matches a GROUP BY over the raw tables: %,d hourly rows, %,d raw rows",
                    count(database, "task_usage_hourly"), count(database, "task_usage")));

            step(6, "Starting report-app");
            serveReports(database, catchUp);
        }
        out.println("Stopped. Nothing is left running.");
        return CommandLines.OK;
    }

    private boolean writeSample(QuickstartDatabase database) {
        WorkloadGenerator generator = new WorkloadGenerator(database.pool(), this::detail);
        if (generator.holdsNonSampleData() && !allowExistingData) {
            detail("this database already holds workspaces that are not sample data; the quickstart will not mix "
                    + "its sample into them. Point TALLY_DB_URL at another database, or pass --allow-existing-data.");
            return false;
        }
        if (generator.holdsSampleData()) {
            detail("the sample from an earlier run is still here; reusing it");
            return true;
        }
        GeneratedWorkload workload = generator.generate(WorkloadShape.sample());
        detail(workload.toString());
        return true;
    }

    private void serveReports(QuickstartDatabase database, CatchUp catchUp) throws InterruptedException {
        String token = ReportAppProcess.createToken(reportAppJar, database.options(), DEMO_USER);
        detail("sample price catalog (sample figures of 2026-12-01, not a price list): "
                + ReportAppProcess.importPrices(reportAppJar, database.options(), samplePrices()));
        Path log = dataDir.resolve("report-app.log");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        try (ReportAppProcess reportApp = ReportAppProcess.start(reportAppJar, database.options(), httpPort, log)) {
            detail("report-app listens on " + reportApp.base() + " (log: " + log + ")");
            UUID workspace = firstSampleWorkspace(database);
            String daily = "/api/workspaces/" + workspace + "/usage/daily?days=7&tz=";
            out.println();
            out.println("Daily tokens and cost (USD, to the cent here; exact in the API) of one sample workspace over the last 7 days,");
            out.println("by the viewer's local date:");
            new DailyTable()
                    .column("UTC", reportApp.get(daily + "UTC", token))
                    .column(viewerTimezone, reportApp.get(daily + viewerTimezone, token))
                    .print(out);
            printCurlCommands(reportApp, token, workspace);
            if (exitAfterPrint) {
                return;
            }
            // Keep the rollup fresh while serving, as rollup-app would.
            ticker.scheduleWithFixedDelay(catchUp::tickOnce, 1, 1, TimeUnit.MINUTES);
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndWait, "quickstart-stop"));
            out.println();
            out.println("Serving until Ctrl-C.");
            stopRequested.await();
        } finally {
            ticker.shutdownNow();
        }
    }

    /** The sample catalog, copied out of the jar where report-app can read it. */
    private Path samplePrices() {
        Path csv = dataDir.resolve("sample-prices.csv");
        try (InputStream in = QuickstartMain.class.getResourceAsStream("sample-prices.csv")) {
            Files.createDirectories(dataDir);
            Files.copy(Objects.requireNonNull(in, "sample-prices.csv"), csv, StandardCopyOption.REPLACE_EXISTING);
            return csv;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + csv, e);
        }
    }

    private void stopAndWait() {
        stopRequested.countDown();
        try {
            finished.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void printCurlCommands(ReportAppProcess reportApp, String token, UUID workspace) {
        String base = reportApp.base().toString();
        out.println();
        out.println("Try the API (the token belongs to " + DEMO_USER + ", whose stored timezone is America/New_York):");
        out.println("  TOKEN=" + token);
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/workspaces/" + workspace
                + "/usage/daily?days=7&tz=Asia/Tokyo'");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/workspaces/" + workspace
                + "/usage/by-agent?days=30'");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/workspaces/" + workspace
                + "/usage/by-runtime?days=30&format=csv'");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" '" + base + "/api/workspaces/" + workspace
                + "/usage/weekly?weeks=4'");
        out.println("  curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/api/me");
        out.println("  curl -s " + base + "/health");
        out.println();
        out.println("Or open the dashboard: " + base + "/");
        out.println("  1. Paste the token above (TOKEN=...) into \"API token\" and press Sign in; it stays in that tab only.");
        out.println("  2. Pick a workspace, a range and a timezone; Download CSV saves a report's rows.");
        out.println("  The API's description: " + base + "/openapi.json");
    }

    private static UUID firstSampleWorkspace(QuickstartDatabase database) {
        try (var connection = database.pool().getConnection();
             var statement = connection.prepareStatement(
                     "SELECT id FROM workspace WHERE slug LIKE ? ORDER BY name, id LIMIT 1")) {
            statement.setString(1, WorkloadGenerator.SAMPLE_SLUG_PREFIX + "%");
            try (var row = statement.executeQuery()) {
                row.next();
                return row.getObject(1, UUID.class);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static long count(QuickstartDatabase database, String table) {
        try (var connection = database.pool().getConnection();
             var statement = connection.createStatement();
             var row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void step(int number, String what) {
        out.printf("[%d/%d] %s%n", number, STEPS, what);
    }

    private void detail(String line) {
        out.println("      " + line);
    }
}
