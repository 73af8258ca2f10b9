package dev.tally.domain.backfill;

/** What one committed slice did. */
public record SliceResult(long rawRows, long rowsWritten, long rowsDeleted) {
}
