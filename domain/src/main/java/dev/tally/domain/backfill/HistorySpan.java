package dev.tally.domain.backfill;

import java.time.Instant;

/**
 * The span a run over all history covers: from the oldest usage row's {@code created_at} (or the
 * rollup's oldest hour, if older) to the newest change ({@code COALESCE(updated_at, created_at)},
 * or the rollup's newest hour, if newer). The rollup's own hours are in, so rows it holds outside
 * the raw range are covered and removed.
 */
public record HistorySpan(Instant oldestCreated, Instant newestChange) {
}
