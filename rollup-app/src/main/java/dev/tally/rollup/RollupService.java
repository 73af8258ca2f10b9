package dev.tally.rollup;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.tally.domain.rollup.TickOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rollup ticks on one thread: back to back while a tick reports it has not caught up, then one
 * every {@code interval} (the pause between the end of a tick and the start of the next). Logs one
 * line per tick. The tick comes in as a supplier, so the schedule can be tested with scripted outcomes.
 */
public final class RollupService {

    private static final Logger LOG = LoggerFactory.getLogger(RollupService.class);

    private final Supplier<TickOutcome> tick;
    private final Duration interval;
    private final ScheduledThreadPoolExecutor scheduler;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    public RollupService(Supplier<TickOutcome> tick, Duration interval) {
        this.tick = Objects.requireNonNull(tick, "tick");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> new Thread(runnable, "rollup-tick"));
        // A stop must not wait for the next scheduled tick, only for the one in flight.
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs one tick on the calling thread and logs how it ended. */
    public TickOutcome tickOnce() {
        TickOutcome outcome = tick.get();
        log(outcome);
        return outcome;
    }

    /**
     * Ticks until {@link #stop} is called, then returns. If something escapes a tick (the tick turns
     * every failure into an outcome, so only a defect or an Error can), ticking ends and this throws
     * it, rather than leaving a process that looks alive and rolls nothing up.
     */
    public void runUntilStopped() {
        scheduleTick(Duration.ZERO);
        stopped.join();
    }

    /**
     * Stops a run: no tick starts after this, and one in flight gets up to {@code grace} to finish.
     * Returns whether this call ended the run; false when it had already ended (stopped, or failed).
     */
    public boolean stop(Duration grace) {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(grace.toMillis(), MILLISECONDS)) {
                LOG.warn("stopping with a tick still running after {}; the database rolls it back once "
                        + "its connection is gone", grace);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stopped.complete(null);
    }

    private void tickThenScheduleTheNext() {
        try {
            scheduleTick(delayAfter(tickOnce()));
        } catch (RuntimeException | Error e) {
            LOG.error("ticking ended by an unexpected error", e);
            stopped.completeExceptionally(e);
            scheduler.shutdown();
        }
    }

    private void scheduleTick(Duration delay) {
        try {
            scheduler.schedule(this::tickThenScheduleTheNext, delay.toMillis(), MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("not scheduling another tick: the service is stopping");
        }
    }

    /** A tick that is still behind is followed at once; any other waits for the interval. */
    private Duration delayAfter(TickOutcome outcome) {
        boolean behind = outcome instanceof TickOutcome.Completed completed && !completed.caughtUp();
        return behind ? Duration.ZERO : interval;
    }

    private static void log(TickOutcome outcome) {
        if (outcome instanceof TickOutcome.Completed completed) {
            LOG.info("tick completed window={} keys={} written={} deleted={} in {} ms caught-up={}",
                    completed.window(), completed.counts().keysRecomputed(), completed.counts().rowsWritten(),
                    completed.counts().rowsDeleted(), completed.duration().toMillis(), completed.caughtUp());
        } else if (outcome instanceof TickOutcome.Skipped skipped) {
            LOG.info("tick skipped in {} ms: another ticker holds the tick lock", skipped.duration().toMillis());
        } else if (outcome instanceof TickOutcome.Failed failed) {
            LOG.error("tick failed in {} ms: {}", failed.duration().toMillis(), failed.error());
        }
    }
}
