package dev.tally.domain.rollup;

import static java.util.stream.Collectors.groupingBy;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.UsageTotals;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * The replace contract, stated as code: every hourly row equals the sum of all raw events that map
 * to its key, and every key with raw events has a row. Nothing is ever added to a previous value,
 * so recomputing any set of keys any number of times gives the same rollup. This is the oracle the
 * contract tests hold every implementation to.
 */
public final class ReferenceRollup {

    private ReferenceRollup() {
    }

    /** The complete rollup of {@code events}, in key order. */
    public static Map<BucketKey, UsageTotals> of(Collection<UsageEvent> events) {
        Map<BucketKey, List<UsageEvent>> byKey = events.stream().collect(groupingBy(UsageEvent::bucketKey));
        Map<BucketKey, UsageTotals> rollup = new TreeMap<>(BucketKeyOrder.INSTANCE);
        byKey.forEach((key, rows) -> rollup.put(key, totalsOf(rows)));
        return rollup;
    }

    private static UsageTotals totalsOf(List<UsageEvent> rows) {
        return new UsageTotals(
                sum(rows, UsageEvent::inputTokens),
                sum(rows, UsageEvent::outputTokens),
                sum(rows, UsageEvent::cacheReadTokens),
                sum(rows, UsageEvent::cacheWriteTokens),
                rows.stream().map(UsageEvent::taskId).distinct().count(),
                rows.size());
    }

    private static long sum(List<UsageEvent> rows, ToLongFunction<UsageEvent> tokens) {
        // Overflow must fail loudly, as PostgreSQL's bigint cast does, never wrap around.
        return rows.stream().mapToLong(tokens).reduce(0L, Math::addExact);
    }
}
