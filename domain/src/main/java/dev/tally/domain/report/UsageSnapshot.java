package dev.tally.domain.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A report's rows as one consistent read saw them, the rollup's watermark in that read (raw usage
 * changed at or after {@code rolledUpThrough} was read from the raw tables and merged), and the
 * server the read ran on.
 */
public record UsageSnapshot<R>(Instant rolledUpThrough, List<R> rows, ReadSource source) {

    public UsageSnapshot {
        Objects.requireNonNull(rolledUpThrough, "rolledUpThrough");
        Objects.requireNonNull(source, "source");
        rows = List.copyOf(rows);
    }

    /** The same rows and watermark, read on {@code otherSource}. */
    public UsageSnapshot<R> readOn(ReadSource otherSource) {
        return new UsageSnapshot<>(rolledUpThrough, rows, otherSource);
    }
}
