package dev.tally.domain.rollup;

/** The steps of one tick, all inside the transaction that holds the tick lock. */
public interface TickTransaction {

    /** The watermark and the clocks the policy needs, read from the database. */
    RollupProgress progress();

    /**
     * Replaces the hourly row of every key that changed in {@code window} or waits in the dirty
     * queue with the sum of its raw rows, deletes rows whose key has no raw rows left, and drains
     * exactly the queue entries it recomputed.
     */
    RecomputeCounts recompute(TickWindow window);

    /** Moves the watermark to the end of {@code window} (never backwards) and records a successful run. */
    void recordSuccess(TickWindow window, RecomputeCounts counts);
}
