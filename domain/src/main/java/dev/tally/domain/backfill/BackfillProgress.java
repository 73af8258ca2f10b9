package dev.tally.domain.backfill;

import java.time.Duration;

/** Hears about each slice as it commits or is skipped, to show progress. */
public interface BackfillProgress {

    BackfillProgress SILENT = new BackfillProgress() {
    };

    /** The run's sums are about to be read in one pass (see {@link SliceRunner#stage}). */
    default void staging(int slicesToRun) {
    }

    /** The run's sums were read: {@code rawRows} raw rows in {@code took}. */
    default void staged(long rawRows, Duration took) {
    }

    default void sliceSkipped(int position, int total, BackfillSlice slice) {
    }

    default void sliceDone(int position, int total, BackfillSlice slice, SliceResult result) {
    }
}
