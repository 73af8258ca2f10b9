package dev.tally.rollup;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.CommandLines;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.migrations.SchemaOptions;
import dev.tally.rollup.wiring.DaggerRollupComponent;
import dev.tally.rollup.wiring.RollupComponent;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar rollup-app.jar}: parses the flags, builds the component, runs, closes the pool. */
@Command(name = "rollup-app", mixinStandardHelpOptions = true,
        resourceBundle = "dev.tally.rollup.release", version = "rollup-app ${bundle:tally.version}",
        description = {
            "Keeps the hourly usage rollup (task_usage_hourly) up to date. Runs a rollup tick every --interval, "
                    + "back to back while catching up, until SIGTERM or Ctrl-C (then exits 0).",
            "With --once, runs one tick and exits: 0 when it completed or another ticker held the lock, "
                    + "1 when it failed."})
public final class RollupMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RollupMain.class);

    private static final String APP_NAME = "rollup-app";
    /** A tick holds one connection; recording its failure takes another. */
    private static final int POOL_SIZE = 2;
    /** How long SIGTERM waits for a tick in flight: within the 30 s most supervisors allow before SIGKILL. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

    /** Released once call() has closed the pool: a stop by signal exits only after that. */
    private final CountDownLatch poolClosed = new CountDownLatch(1);

    @Mixin
    DatabaseOptions database;

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "${env:TALLY_ROLLUP_INTERVAL:-PT5M}",
            description = "Pause between ticks once caught up (env TALLY_ROLLUP_INTERVAL, default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--lag", paramLabel = "DURATION", defaultValue = "${env:TALLY_ROLLUP_LAG:-PT5M}",
            description = "How far behind now a tick stops, zero or more (env TALLY_ROLLUP_LAG, default ${DEFAULT-VALUE}).")
    Duration lag;

    @Option(names = "--max-window", paramLabel = "DURATION", defaultValue = "${env:TALLY_ROLLUP_MAX_WINDOW:-P1D}",
            description = "The most changes (by updated_at) one tick processes; a longer backlog is worked off "
                    + "in back-to-back ticks (env TALLY_ROLLUP_MAX_WINDOW, default ${DEFAULT-VALUE}).")
    Duration maxWindow;

    @Option(names = "--tick-timeout", paramLabel = "DURATION", defaultValue = "${env:TALLY_ROLLUP_TICK_TIMEOUT:-PT25M}",
            description = "Statement timeout of a tick; a tick that exceeds it rolls back and is recorded as failed "
                    + "(env TALLY_ROLLUP_TICK_TIMEOUT, default ${DEFAULT-VALUE}).")
    Duration tickTimeout;

    @Option(names = "--once", defaultValue = "${env:TALLY_ROLLUP_ONCE:-false}",
            description = "Run one tick and exit (env TALLY_ROLLUP_ONCE, default ${DEFAULT-VALUE}).")
    boolean once;

    @Mixin
    SchemaOptions schema;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new RollupMain(), args));
    }

    @Override
    public Integer call() {
        RollupSettings settings = new RollupSettings(interval, lag, maxWindow, tickTimeout, once);
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, database, POOL_SIZE)) {
            RollupComponent app = DaggerRollupComponent.builder().settings(settings).dataSource(pool).build();
            schema.prepare(app.migrations());
            RollupService service = app.rollupService();
            if (settings.once()) {
                return service.tickOnce() instanceof TickOutcome.Failed ? CommandLines.FAILURE : CommandLines.OK;
            }
            LOG.info("{} started: {}", APP_NAME, settings);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopThenExitZero(service), APP_NAME + "-shutdown"));
            service.runUntilStopped();
            return CommandLines.OK;
        } finally {
            poolClosed.countDown();
        }
    }


    /**
     * On SIGTERM or Ctrl-C: no new tick starts, the one in flight gets the grace period, call()
     * returns and closes the pool, and the process exits 0, since a requested stop is a success (left
     * alone, the JVM would exit 143 or 130). If ticking had already ended in failure, the 1 stands.
     */
    private void stopThenExitZero(RollupService service) {
        if (!service.stop(SHUTDOWN_GRACE)) {
            return;
        }
        try {
            poolClosed.await(SHUTDOWN_GRACE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped", APP_NAME);
        Runtime.getRuntime().halt(CommandLines.OK);
    }
}
