package dev.tally.backfill;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.CommandLines;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import dev.tally.backfill.wiring.BackfillComponent;
import dev.tally.backfill.wiring.DaggerBackfillComponent;
import dev.tally.domain.backfill.SliceLength;
import dev.tally.migrations.SchemaOptions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar backfill-app.jar}: parses the flags, builds the component, runs, closes the pool. */
@Command(name = "backfill-app", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = VerifyCommand.class,
        resourceBundle = "dev.tally.backfill.release", version = "backfill-app ${bundle:tally.version}",
        description = {
            "Loads or repairs the hourly usage rollup (task_usage_hourly) from the raw usage: adopting Tally on a "
                    + "database with history, or repairing a range. Work is sliced per workspace and time range; "
                    + "each slice makes that workspace's hourly rows in its range equal to the raw data (inserts, "
                    + "updates and deletes). The slices of one time range run in one transaction holding the "
                    + "rollup's tick lock, so it is safe while rollup-app runs and writers write.",
            "Without --from and --to it covers all history, from the oldest usage to the newest change "
                    + "(corrections included), and a run over every workspace then advances the rollup watermark. "
                    + "Dates are ISO dates (YYYY-MM-DD) meaning UTC days; --to is included.",
            "Interrupted and run again with the same flags, it skips the slices that committed. Ctrl-C and "
                    + "SIGTERM let the slice in flight commit first.",
            "`backfill-app verify [--workspace W] [--from D --to D] [--repair]` compares the rollup with raw "
                    + "instead (see verify --help).",
            "Exit codes: 0 done (or a dry run or --check), 1 failed (or declined at the question), 2 bad usage, "
                    + "130 (Ctrl-C) or 143 (SIGTERM) stopped before the end: run the same command to resume.",
            ""})
public final class BackfillMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillMain.class);

    private static final String APP_NAME = "backfill-app";
    /** Slices run one at a time on one connection; Flyway may open a second one beside it. */
    private static final int POOL_SIZE = 2;

    private final Terminal terminal;
    private final StopSignal stop;

    @Option(names = "--workspace", paramLabel = "UUID", converter = FlagConverters.WorkspaceId.class,
            description = "A workspace to backfill; repeat for several. Default: every workspace.")
    List<UUID> workspaces = new ArrayList<>();

    @Option(names = "--from", paramLabel = "DATE", converter = FlagConverters.UtcDay.class,
            description = "The first UTC day (YYYY-MM-DD). Default: the hour of the oldest usage.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", converter = FlagConverters.UtcDay.class,
            description = "The last UTC day (YYYY-MM-DD), included. Default: the hour of the newest change, "
                    + "corrections included.")
    LocalDate to;

    @Option(names = "--slice", paramLabel = "P1D|P7D|P1M", defaultValue = "P7D", converter = FlagConverters.Slice.class,
            description = "How much history one slice (one transaction) covers: a UTC day, week or calendar month "
                    + "(default ${DEFAULT-VALUE}). Shorter slices hold the tick lock for less time.")
    SliceLength slice;

    @Option(names = "--sleep-between-slices", paramLabel = "DURATION", defaultValue = "PT0S",
            description = "Pause between slices, an ISO-8601 duration such as PT2S, to ease the load on a busy "
                    + "database (default ${DEFAULT-VALUE}). Ctrl-C and SIGTERM cut it short.")
    Duration sleepBetweenSlices;

    @Option(names = "--dry-run",
            description = "Print the plan (workspaces, slices, estimated raw rows, the range, whether the watermark "
                    + "would advance) and write nothing.")
    boolean dryRun;

    @Option(names = "--yes",
            description = "Start a large run (over 1,000,000 raw rows or 500 slices) without asking. Only needed at "
                    + "a terminal: without one (scripts, cron, CI, pipes) the run never asks.")
    boolean yes;

    @Option(names = "--check",
            description = "Only check that the database is reachable and its schema current, then exit: 0 when it "
                    + "is, 1 when it is not. Plans and writes nothing.")
    boolean check;

    @Mixin
    SchemaOptions schema;

    @Mixin
    DatabaseOptions database;

    public BackfillMain() {
        this(Terminal.system(), new StopSignal());
    }

    BackfillMain(Terminal terminal, StopSignal stop) {
        this.terminal = terminal;
        this.stop = stop;
    }

    public static void main(String[] args) {
        BackfillMain command = new BackfillMain();
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        Runtime.getRuntime().addShutdownHook(
                new Thread(() -> command.finishTheSliceInFlight(exitCode), APP_NAME + "-stop"));
        int code = CommandLines.execute(command, args);
        exitCode.complete(code);
        if (code != BackfillJob.STOPPED_ON_REQUEST) {
            System.exit(code);
        }
        // Stopped by a signal, whose shutdown is under way: once the hook returns, the JVM exits with
        // the signal's status, 130 for SIGINT or 143 for SIGTERM.
    }

    @Override
    public Integer call() {
        BackfillSettings settings = new BackfillSettings(workspaces, Optional.ofNullable(from), Optional.ofNullable(to),
                slice, sleepBetweenSlices, dryRun, yes);
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, database, POOL_SIZE)) {
            BackfillComponent app = DaggerBackfillComponent.builder()
                    .settings(settings).dataSource(pool).terminal(terminal).stopSignal(stop).build();
            schema.prepare(app.migrations());
            if (check) {
                LOG.info("{}: schema current", APP_NAME);
                return CommandLines.OK;
            }
            return app.backfillJob().run();
        }
    }

    /**
     * Opens the pool, builds the component over it, prepares the schema, runs {@code job} and closes
     * the pool: the one place that touches the pool, for the backfill's subcommands. Their settings
     * are not the backfill's, so the component gets the defaults.
     */
    static int withComponent(DatabaseOptions database, SchemaOptions schema, Terminal terminal, StopSignal stop,
            Function<BackfillComponent, Integer> job) {
        BackfillSettings defaults = new BackfillSettings(List.of(), Optional.empty(), Optional.empty(), SliceLength.WEEK,
                Duration.ZERO, false, false);
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, database, POOL_SIZE)) {
            BackfillComponent app = DaggerBackfillComponent.builder()
                    .settings(defaults).dataSource(pool).terminal(terminal).stopSignal(stop).build();
            schema.prepare(app.migrations());
            return job.apply(app);
        }
    }

    /**
     * The shutdown hook. On Ctrl-C or SIGTERM while slices run, the slice in flight commits, the run
     * prints its summary and how to resume, and the JVM exits with the signal's status (130 or 143):
     * the backfill is not done, so exit 0 would let a script or a Kubernetes Job carry on as if it
     * were. If the run finished or failed meanwhile, its own exit code stands. Before slices run (or
     * after) there is nothing to finish, so the process ends at once; on a normal exit this hook
     * finds nothing running either.
     */
    private void finishTheSliceInFlight(CompletableFuture<Integer> exitCode) {
        if (!stop.requestIfSlicing()) {
            return;
        }
        terminal.err().println(System.lineSeparator() + APP_NAME + ": stopping after the slice in flight, which "
                + "commits; kill -9 " + ProcessHandle.current().pid() + " abandons it instead (it rolls back)");
        int code = exitCode.join();
        if (code != BackfillJob.STOPPED_ON_REQUEST) {
            Runtime.getRuntime().halt(code);
        }
    }
}
