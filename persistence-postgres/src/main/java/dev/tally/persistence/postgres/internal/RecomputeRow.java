package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.RecomputeCounts;

/** What task_usage_hourly_recompute() returns. */
record RecomputeRow(long keysRecomputed, long rowsWritten, long rowsDeleted) {

    RecomputeCounts toCounts() {
        return new RecomputeCounts(keysRecomputed, rowsWritten, rowsDeleted);
    }
}
