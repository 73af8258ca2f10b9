package dev.tally.domain.backfill;

import java.util.List;

/** Rebuilds slices of the rollup from the raw rows. Each call commits on its own. */
public interface SliceRunner {

    /**
     * Reads the sums of these slices (a run's pending ones) in one pass that holds no lock, for
     * {@link #runSlices} to merge period by period; what changes after that read is summed again
     * when its period merges. Returns the raw rows read.
     */
    long stage(String runKey, List<BackfillSlice> slices);

    /**
     * Runs slices of one period (one or more workspaces, the same {@code from} and {@code to}) and
     * records them done in run {@code runKey}, in one transaction that holds the tick lock: from
     * what {@link #stage} read, or, when nothing was staged, from one read of the period's raw rows
     * that the workspaces share. Returns each slice's result, in the order given.
     */
    List<SliceResult> runSlices(String runKey, List<BackfillSlice> slicesOfOnePeriod);
}
