package dev.tally.domain.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A report's rows as one consistent read saw them, and the rollup's watermark in that read: raw
 * usage changed at or after {@code rolledUpThrough} was read from the raw tables and merged.
 */
public record UsageSnapshot<R>(Instant rolledUpThrough, List<R> rows) {

    public UsageSnapshot {
        Objects.requireNonNull(rolledUpThrough, "rolledUpThrough");
        rows = List.copyOf(rows);
    }
}
