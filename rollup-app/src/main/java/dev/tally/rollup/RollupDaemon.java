package dev.tally.rollup;

import dev.tally.domain.rollup.RootCause;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rollup-app as a service, from start to stop: the health and metrics endpoint (unless
 * {@code --http-port 0}), the status monitor behind it, and the tick schedule.
 */
public final class RollupDaemon {

    private static final Logger LOG = LoggerFactory.getLogger(RollupDaemon.class);

    private final RollupService service;
    private final StatusMonitor monitor;
    private final PrometheusMeterRegistry metrics;
    private final HealthCheck healthCheck;
    private final RollupSettings settings;
    private final Clock clock;

    public RollupDaemon(RollupService service, StatusMonitor monitor, PrometheusMeterRegistry metrics,
                        RollupSettings settings, Clock clock) {
        this.service = Objects.requireNonNull(service, "service");
        this.monitor = Objects.requireNonNull(monitor, "monitor");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.healthCheck = new HealthCheck(settings.healthMaxStaleness());
    }

    /**
     * Serves health and metrics, runs {@code schemaStep} (check or migrate the schema), ticks until a
     * {@link GracefulStop} ends the run, then stops the monitor and serving. While the database cannot
     * be reached, the schema step is tried again with backoff (and /health says why it is down)
     * instead of ending the service; any other failure of it (a schema that is behind) ends the run
     * by throwing.
     */
    public void run(Runnable schemaStep) {
        MonitoringEndpoint endpoint = settings.httpPort() == 0 ? null
                : MonitoringEndpoint.start(settings.httpHost(), settings.httpPort(), this::health, metrics::scrape);
        monitor.start();
        try {
            service.runUntilStopped(() -> databaseIsReady(schemaStep));
        } finally {
            monitor.stop();
            if (endpoint != null) {
                endpoint.close();
            }
        }
    }

    private static boolean databaseIsReady(Runnable schemaStep) {
        try {
            schemaStep.run();
            return true;
        } catch (RuntimeException e) {
            if (!Errors.isDatabaseUnreachable(e)) {
                throw e;
            }
            LOG.warn("cannot reach the database to check its schema: {}", RootCause.message(e));
            return false;
        }
    }

    public HealthCheck.HealthReport health() {
        return healthCheck.check(monitor.snapshot(), clock.instant());
    }
}
