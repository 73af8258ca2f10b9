package dev.tally.rollup;

import dev.tally.app.BadUsageException;
import dev.tally.domain.rollup.RollupPolicy;
import java.time.Duration;

/**
 * rollup-app's configuration, checked once at start. A bad value is a usage error (exit 2) whose
 * message names the flag, its variable and the form it accepts.
 *
 * @param interval           the pause between ticks once caught up
 * @param lag                how far behind now a tick stops
 * @param maxWindow          the most changes, by {@code updated_at}, one tick processes
 * @param tickTimeout        the statement timeout of a tick
 * @param once               run one tick and exit
 * @param httpHost           the address health and metrics listen on
 * @param httpPort           their port; 0 turns them off
 * @param healthMaxStaleness how long ago the last successful tick may have finished for /health to say up;
 *                           null means the interval plus the tick timeout (the longest a healthy
 *                           schedule can go without a success)
 * @param shutdownGrace      how long a stop waits for a tick in flight before cancelling it
 */
public record RollupSettings(Duration interval, Duration lag, Duration maxWindow, Duration tickTimeout, boolean once,
                             String httpHost, int httpPort, Duration healthMaxStaleness, Duration shutdownGrace) {

    /** The smallest positive duration: the scheduler and statement_timeout both count milliseconds. */
    private static final Duration ONE_MILLISECOND = Duration.ofMillis(1);
    private static final int HIGHEST_PORT = 65_535;

    public RollupSettings {
        requireAtLeastOneMillisecond(interval, "--interval (TALLY_ROLLUP_INTERVAL)");
        requireNotNegative(lag, "--lag (TALLY_ROLLUP_LAG)");
        requireAtLeastOneMillisecond(maxWindow, "--max-window (TALLY_ROLLUP_MAX_WINDOW)");
        // Below a millisecond, statement_timeout would round to 0, which means no timeout at all.
        requireAtLeastOneMillisecond(tickTimeout, "--tick-timeout (TALLY_ROLLUP_TICK_TIMEOUT)");
        if (httpHost == null || httpHost.isBlank()) {
            throw new BadUsageException("--http-host (TALLY_ROLLUP_HTTP_HOST) must be a host name or address "
                    + "to listen on, such as 127.0.0.1 or 0.0.0.0; got '" + httpHost + "'");
        }
        if (httpPort < 0 || httpPort > HIGHEST_PORT) {
            throw new BadUsageException("--http-port (TALLY_ROLLUP_HTTP_PORT) must be a port from 1 to " + HIGHEST_PORT
                    + ", or 0 to turn health and metrics off; got " + httpPort);
        }
        if (healthMaxStaleness == null) {
            healthMaxStaleness = interval.plus(tickTimeout);
        }
        requireAtLeastOneMillisecond(healthMaxStaleness, "--health-max-staleness (TALLY_ROLLUP_HEALTH_MAX_STALENESS)");
        requireNotNegative(shutdownGrace, "--shutdown-grace (TALLY_ROLLUP_SHUTDOWN_GRACE)");
    }

    public RollupPolicy policy() {
        return new RollupPolicy(lag, maxWindow);
    }

    private static void requireAtLeastOneMillisecond(Duration value, String flag) {
        if (value == null || value.compareTo(ONE_MILLISECOND) < 0) {
            throw new BadUsageException(flag + " must be a positive ISO-8601 duration of at least PT0.001S, "
                    + "such as PT30S, PT5M or P1D; got " + value);
        }
    }

    private static void requireNotNegative(Duration value, String flag) {
        if (value == null || value.isNegative()) {
            throw new BadUsageException(flag + " must be zero or a positive ISO-8601 duration, "
                    + "such as PT0S or PT5M; got " + value);
        }
    }
}
