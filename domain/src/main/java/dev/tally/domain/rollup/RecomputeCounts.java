package dev.tally.domain.rollup;

/**
 * What one recompute did: how many keys it recomputed, how many hourly rows it wrote (inserted or
 * replaced) and how many it deleted because no raw rows were left for their key.
 */
public record RecomputeCounts(long keysRecomputed, long rowsWritten, long rowsDeleted) {

    public static final RecomputeCounts NONE = new RecomputeCounts(0, 0, 0);

    public RecomputeCounts {
        if (keysRecomputed < 0 || rowsWritten < 0 || rowsDeleted < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
    }

    /** Rows changed in the rollup: the figure the state row and the SQL tick report. */
    public long rowsChanged() {
        return rowsWritten + rowsDeleted;
    }
}
