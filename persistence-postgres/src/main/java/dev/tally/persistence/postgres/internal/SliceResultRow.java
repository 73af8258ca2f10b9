package dev.tally.persistence.postgres.internal;

import java.util.UUID;

/** What task_usage_hourly_backfill_slice() returns, one per workspace. */
record SliceResultRow(UUID workspaceId, long rawRows, long rowsWritten, long rowsDeleted) {
}
