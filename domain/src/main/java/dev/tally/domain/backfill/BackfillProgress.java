package dev.tally.domain.backfill;

/** Hears about each slice as it commits or is skipped, to show progress. */
public interface BackfillProgress {

    BackfillProgress SILENT = new BackfillProgress() {
    };

    default void sliceSkipped(int position, int total, BackfillSlice slice) {
    }

    default void sliceDone(int position, int total, BackfillSlice slice, SliceResult result) {
    }
}
