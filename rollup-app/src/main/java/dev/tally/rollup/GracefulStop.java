package dev.tally.rollup;

import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.InFlightTicks;
import dev.tally.domain.rollup.RootCause;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How rollup-app stops on SIGTERM or Ctrl-C, in the order it happens:
 * <ol>
 *   <li>no new tick starts;</li>
 *   <li>a tick in flight gets the grace period ({@code --shutdown-grace}) to finish;</li>
 *   <li>past it, the tick is cancelled: it rolls back, releasing the tick lock, and records its
 *       failure, for which it gets {@link #AFTER_CANCEL};</li>
 *   <li>the run ends: {@link RollupDaemon#run} returns, having stopped the status monitor and closed
 *       the endpoint, and main closes the pool (they close what they opened on the way out of any
 *       run, stopped or failed);</li>
 *   <li>the process exits 0, since a requested stop is a success (left alone, the JVM would exit
 *       143 or 130). If ticking had already ended in failure, main's exit 1 stands.</li>
 * </ol>
 */
public final class GracefulStop {

    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    /** How long a stop waits, after cancelling a tick, for it to roll back and record its failure. */
    private static final Duration AFTER_CANCEL = Duration.ofSeconds(10);
    /** How long the exit on a signal waits for main to close the pool once the run has ended. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);

    private final RollupService schedule;
    private final InFlightTicks ticks;
    /** Released by main once the pool is closed (step 4). */
    private final CountDownLatch closed = new CountDownLatch(1);

    public GracefulStop(RollupService schedule, InFlightTicks ticks) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.ticks = Objects.requireNonNull(ticks, "ticks");
    }

    /** Makes SIGTERM and Ctrl-C run every step, giving a tick in flight {@code grace}. */
    public void onSignal(Duration grace) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stop(grace)) {
                exitZeroOnceClosed();
            }
        }, RollupMain.APP_NAME + "-shutdown"));
    }

    /**
     * Steps 1 to 3, then ends the run. Returns whether this call ended it; false when it had already
     * ended (stopped, or failed).
     */
    public boolean stop(Duration grace) {
        schedule.stopScheduling();
        try {
            if (!schedule.awaitTickEnded(grace)) {
                LOG.warn("a tick is still running after the {} grace period: cancelling it", grace);
                cancelTicks();
                if (!schedule.awaitTickEnded(AFTER_CANCEL)) {
                    LOG.warn("the cancelled tick has not ended after {}; stopping anyway: the database rolls it "
                            + "back once its connection is closed", AFTER_CANCEL);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return schedule.endRun();
    }

    /** Main calls this once it has closed the pool. */
    public void closed() {
        closed.countDown();
    }

    private void cancelTicks() {
        try {
            ticks.cancel();
        } catch (RuntimeException e) {
            LOG.warn("could not cancel a statement in flight: {}", RootCause.message(e));
        }
    }

    private void exitZeroOnceClosed() {
        try {
            closed.await(CLOSE_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} stopped", RollupMain.APP_NAME);
        Runtime.getRuntime().halt(CommandLines.OK);
    }
}
