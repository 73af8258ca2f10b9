package dev.tally.persistence.postgres.internal;

/** What task_usage_hourly_backfill_slice() returns. */
record SliceResultRow(long rawRows, long rowsWritten, long rowsDeleted) {
}
