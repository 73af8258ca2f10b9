package dev.tally.backfill;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * How Ctrl-C or SIGTERM reaches a run: the run ends after the slice in flight, and a pause between
 * slices ends at once. A signal that comes while no slices are running (planning, the question) has
 * nothing to wait for: the process may end there, since nothing has been written.
 */
public final class StopSignal {

    private final CountDownLatch requested = new CountDownLatch(1);
    private final AtomicBoolean slicing = new AtomicBoolean();

    /** Runs the slices; a stop requested meanwhile is honoured between two of them. */
    public <T> T whileSlicing(Supplier<T> slices) {
        slicing.set(true);
        try {
            return slices.get();
        } finally {
            slicing.set(false);
        }
    }

    /** Requests a stop if slices are running; returns whether they were, i.e. whether there is a run to wait for. */
    public boolean requestIfSlicing() {
        if (!slicing.get()) {
            return false;
        }
        requested.countDown();
        return true;
    }

    public boolean isRequested() {
        return requested.getCount() == 0;
    }

    /** Waits {@code pause}, or less if a stop is requested meanwhile. */
    public void pause(Duration pause) {
        try {
            requested.await(pause.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requested.countDown();
        }
    }
}
