package dev.tally.domain.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A finished report: the window it covers (timezone, local dates, how days map onto UTC hours),
 * how fresh it is, and its rows.
 *
 * @param rolledUpThrough the rollup's watermark; newer usage was read from the raw tables
 * @param generatedAt     when the report was read; it is current to this instant
 */
public record UsageReport<R>(ReportWindow window, Instant rolledUpThrough, Instant generatedAt, List<R> rows) {

    public UsageReport {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(rolledUpThrough, "rolledUpThrough");
        Objects.requireNonNull(generatedAt, "generatedAt");
        rows = List.copyOf(rows);
    }
}
