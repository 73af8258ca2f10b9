package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.Set;

/** The record of backfill runs, which lets an interrupted run resume where it stopped. */
public interface BackfillRuns {

    /**
     * Starts the run named {@code runKey}, or finds it if an earlier attempt was interrupted, and
     * returns its horizon: an instant before which every raw change was committed when the run
     * first started (the earlier of now and the oldest open transaction).
     */
    Instant startRun(String runKey);

    /** The slices of the run that have committed (see {@link SliceRunner}). */
    Set<BackfillSlice> completedSlices(String runKey);

    /** Forgets a finished run, so the same request later starts afresh. */
    void finishRun(String runKey);
}
