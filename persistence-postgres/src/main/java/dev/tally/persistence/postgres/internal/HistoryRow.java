package dev.tally.persistence.postgres.internal;

import java.time.Instant;

/** The span of usage history; both null when there is none. */
record HistoryRow(Instant oldestCreated, Instant newestChange) {
}
