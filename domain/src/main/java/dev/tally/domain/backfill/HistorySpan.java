package dev.tally.domain.backfill;

import java.time.Instant;

/** The oldest usage row's {@code created_at} and the newest change ({@code COALESCE(updated_at, created_at)}). */
public record HistorySpan(Instant oldestCreated, Instant newestChange) {
}
