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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar rollup-app.jar}: parses the flags, builds the component, runs, closes the pool. How a
 * signal stops the run is {@link GracefulStop}'s.
 */
@Command(name = "rollup-app", mixinStandardHelpOptions = true,
        resourceBundle = "dev.tally.rollup.release", version = "rollup-app ${bundle:tally.version}",
        subcommands = {CronCommands.Install.class, CronCommands.Uninstall.class},
        description = {
            "Keeps the hourly usage rollup (task_usage_hourly) up to date. Runs a rollup tick every --interval, "
                    + "back to back while catching up, until SIGTERM or Ctrl-C (then exits 0). Serves GET /health "
                    + "and GET /metrics (Prometheus) on --http-host:--http-port.",
            "With --once, runs one tick and exits: 0 when it completed or another ticker held the lock, "
                    + "1 when it failed.",
            "install-cron and uninstall-cron instead schedule the same tick inside PostgreSQL with pg_cron."})
public final class RollupMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RollupMain.class);

    static final String APP_NAME = "rollup-app";
    /** A tick holds one connection; recording its failure takes another; status reads a third. */
    private static final int POOL_SIZE = 3;

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
            description = "Run one tick and exit, without the HTTP endpoint (env TALLY_ROLLUP_ONCE, default ${DEFAULT-VALUE}).")
    boolean once;

    @Option(names = "--http-host", paramLabel = "HOST", defaultValue = "${env:TALLY_ROLLUP_HTTP_HOST:-127.0.0.1}",
            description = "Address GET /health and GET /metrics listen on; 0.0.0.0 for every interface "
                    + "(env TALLY_ROLLUP_HTTP_HOST, default ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "${env:TALLY_ROLLUP_HTTP_PORT:-9464}",
            description = "Port of GET /health and GET /metrics; 0 turns them off "
                    + "(env TALLY_ROLLUP_HTTP_PORT, default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--health-max-staleness", paramLabel = "DURATION",
            defaultValue = "${env:TALLY_ROLLUP_HEALTH_MAX_STALENESS}",
            description = "GET /health answers 503 when the last successful tick (by any ticker) finished longer ago "
                    + "than this (env TALLY_ROLLUP_HEALTH_MAX_STALENESS, default --interval plus --tick-timeout).")
    Duration healthMaxStaleness;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "${env:TALLY_ROLLUP_SHUTDOWN_GRACE:-PT20S}",
            description = "On SIGTERM, how long a tick in flight may go on before it is cancelled (rolled back); keep it "
                    + "below the supervisor's kill timeout (env TALLY_ROLLUP_SHUTDOWN_GRACE, default ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Mixin
    SchemaOptions schema;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new RollupMain(), args));
    }

    @Override
    public Integer call() {
        RollupSettings settings = settings();
        GracefulStop stop = null;
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, database, POOL_SIZE)) {
            RollupComponent app = component(settings, pool);
            if (settings.once()) {
                schema.prepare(app.migrations());
                return app.rollupService().tickOnce() instanceof TickOutcome.Failed ? CommandLines.FAILURE : CommandLines.OK;
            }
            LOG.info("{} started: {}", APP_NAME, settings);
            stop = app.gracefulStop();
            stop.onSignal(settings.shutdownGrace());
            app.rollupDaemon().run(() -> schema.prepare(app.migrations()));
            return CommandLines.OK;
        } finally {
            if (stop != null) {
                stop.closed();
            }
        }
    }

    RollupSettings settings() {
        return new RollupSettings(interval, lag, maxWindow, tickTimeout, once, httpHost, httpPort, healthMaxStaleness,
                shutdownGrace);
    }

    /**
     * Runs {@code work} with rollup-app's component over a small pool of its own, then closes the pool.
     * (Two connections: checking the schema, Flyway holds one while it asks for another.)
     */
    static <T> T withComponent(RollupSettings settings, DatabaseOptions database, Function<RollupComponent, T> work) {
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, database, 2)) {
            return work.apply(component(settings, pool));
        }
    }

    private static RollupComponent component(RollupSettings settings, HikariDataSource pool) {
        return DaggerRollupComponent.builder().settings(settings).dataSource(pool).build();
    }
}
