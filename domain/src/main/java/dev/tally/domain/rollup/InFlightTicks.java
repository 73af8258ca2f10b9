package dev.tally.domain.rollup;

/** The ticks this process is running right now, which a stop may cut short. */
public interface InFlightTicks {

    /**
     * Cancels the statement every tick in flight is running: the tick fails, its transaction rolls
     * back and releases the tick lock, and {@link RunRollupTick} records the failure as usual.
     * Does nothing when no tick runs.
     */
    void cancel();
}
