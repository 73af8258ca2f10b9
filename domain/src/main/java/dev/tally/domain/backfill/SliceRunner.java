package dev.tally.domain.backfill;

import java.util.List;

/** Rebuilds slices of the rollup from the raw rows. Each call commits on its own, holding the tick lock. */
public interface SliceRunner {

    /**
     * Runs slices of one period (one or more workspaces, the same {@code from} and {@code to}) and
     * records them done in run {@code runKey}, in one transaction: the workspaces share one read of
     * the period's raw rows. Returns each slice's result, in the order given.
     */
    List<SliceResult> runSlices(String runKey, List<BackfillSlice> slicesOfOnePeriod);
}
