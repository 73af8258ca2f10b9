package dev.tally.domain.report;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A finished report: the window it covers (timezone, local dates, how days map onto UTC hours),
 * how fresh it is, and its rows.
 *
 * @param rolledUpThrough the rollup's watermark; newer usage was read from the raw tables
 * @param generatedAt     what the report is current to: when it was read on the primary, what a
 *                        standby had replayed when it was read there
 * @param source          the server it was read on
 */
public record UsageReport<R>(ReportWindow window, Instant rolledUpThrough, Instant generatedAt, List<R> rows,
                             ReadSource source) {

    public UsageReport {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(rolledUpThrough, "rolledUpThrough");
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(source, "source");
        rows = List.copyOf(rows);
    }
}
