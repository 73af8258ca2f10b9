package dev.tally.rollup;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

import dev.tally.domain.rollup.TickOutcome;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs rollup ticks on one thread: back to back while a tick reports it has not caught up, one every
 * {@code interval} (the pause between the end of a tick and the start of the next) once it has, and
 * after a failed tick sooner, with {@link Backoff}, never later than the interval: a database outage
 * is retried until it ends. Logs one line per tick and hands every outcome to a listener (metrics,
 * health). The tick comes in as a supplier, so the schedule can be tested with scripted outcomes.
 */
public final class RollupService {

    private static final Logger LOG = LoggerFactory.getLogger(RollupService.class);

    private final Supplier<TickOutcome> tick;
    private final Consumer<TickOutcome> listener;
    private final Duration interval;
    private final Backoff backoff;
    private final ScheduledThreadPoolExecutor scheduler;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    /** Failed ticks in a row; only the tick thread reads or writes it. */
    private int consecutiveFailures;

    public RollupService(Supplier<TickOutcome> tick, Consumer<TickOutcome> listener, Duration interval,
                         Backoff backoff) {
        this.tick = Objects.requireNonNull(tick, "tick");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.scheduler = new ScheduledThreadPoolExecutor(1, runnable -> new Thread(runnable, "rollup-tick"));
        // A stop must not wait for the next scheduled tick, only for the one in flight.
        this.scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs one tick on the calling thread, logs how it ended and returns the outcome. */
    public TickOutcome tickOnce() {
        TickOutcome outcome = tick.get();
        log(outcome, null);
        listener.accept(outcome);
        return outcome;
    }

    /**
     * Runs {@code startup} on the tick thread until it returns true (while it returns false, the
     * database is not reachable yet: it is tried again with backoff, never later than the interval),
     * then ticks until {@link #endRun} is called, and returns. If {@code startup} throws, or something escapes a tick (the tick turns
     * every failure into an outcome, so only a defect or an Error can), ticking ends and this throws
     * it, rather than leaving a process that looks alive and rolls nothing up.
     */
    public void runUntilStopped(BooleanSupplier startup) {
        schedule(() -> start(startup, 1), Duration.ZERO);
        stopped.join();
    }

    /** No tick starts after this; one in flight goes on. The first step of a {@link GracefulStop}. */
    public void stopScheduling() {
        scheduler.shutdown();
    }

    /** After {@link #stopScheduling}: waits up to {@code timeout} for the tick in flight, if any; whether it has ended. */
    public boolean awaitTickEnded(Duration timeout) throws InterruptedException {
        return scheduler.awaitTermination(timeout.toMillis(), MILLISECONDS);
    }

    /**
     * Makes {@link #runUntilStopped} return. Returns whether this call ended the run; false when it
     * had already ended (stopped, or failed).
     */
    public boolean endRun() {
        return stopped.complete(null);
    }

    private void start(BooleanSupplier startup, int attempt) {
        boolean ready;
        try {
            ready = startup.getAsBoolean();
        } catch (RuntimeException | Error e) {
            end(e);
            return;
        }
        if (ready) {
            schedule(this::tickThenScheduleTheNext, Duration.ZERO);
        } else {
            Duration delay = retryDelay(attempt);
            LOG.info("not ready to tick; trying again in {}", delay);
            schedule(() -> start(startup, attempt + 1), delay);
        }
    }

    private void tickThenScheduleTheNext() {
        try {
            TickOutcome outcome = tick.get();
            Duration delay = delayAfter(outcome);
            log(outcome, delay);
            listener.accept(outcome);
            schedule(this::tickThenScheduleTheNext, delay);
        } catch (RuntimeException | Error e) {
            LOG.error("ticking ended by an unexpected error", e);
            end(e);
        }
    }

    private void end(Throwable e) {
        stopped.completeExceptionally(e);
        scheduler.shutdown();
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("not scheduling another tick: the service is stopping");
        }
    }

    /**
     * A tick that is still behind is followed at once; a failed one after the backoff for the
     * failures so far, but never later than the interval; any other after the interval.
     */
    private Duration delayAfter(TickOutcome outcome) {
        if (outcome instanceof TickOutcome.Failed) {
            return retryDelay(++consecutiveFailures);
        }
        consecutiveFailures = 0;
        boolean behind = outcome instanceof TickOutcome.Completed completed && !completed.caughtUp();
        return behind ? Duration.ZERO : interval;
    }

    private Duration retryDelay(int failures) {
        Duration retry = backoff.after(failures);
        return retry.compareTo(interval) < 0 ? retry : interval;
    }

    /** One line per tick; {@code next} is when the next tick starts (null when there is none). */
    private static void log(TickOutcome outcome, Duration next) {
        if (outcome instanceof TickOutcome.Completed completed) {
            LOG.info("tick completed window={} keys={} written={} deleted={} in {} ms caught-up={}",
                    completed.window(), completed.counts().keysRecomputed(), completed.counts().rowsWritten(),
                    completed.counts().rowsDeleted(), completed.duration().toMillis(), completed.caughtUp());
        } else if (outcome instanceof TickOutcome.Skipped skipped) {
            LOG.info("tick skipped in {} ms: another ticker holds the tick lock", skipped.duration().toMillis());
        } else if (outcome instanceof TickOutcome.Failed failed) {
            LOG.error("tick failed in {} ms: {}{}", failed.duration().toMillis(), failed.error(),
                    next == null ? "" : "; next try in " + next);
        }
    }
}
