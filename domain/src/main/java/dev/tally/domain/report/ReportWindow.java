package dev.tally.domain.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A report's local dates in its viewing timezone, and the instants that bound them: from local
 * midnight of the first date (included) to local midnight after the last (excluded). Every UTC
 * offset is a multiple of 15 minutes, so both fall on a quarter hour, which the rollup can cut at
 * exactly; usage counts for the local date on which its bucket starts.
 */
public record ReportWindow(ViewingTimezone timezone, ReportRange range) {

    public ReportWindow {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(range, "range");
    }

    public ZoneId zone() {
        return timezone.zone();
    }

    /** Local midnight of the first date. */
    public Instant start() {
        return range.from().atStartOfDay(zone()).toInstant();
    }

    /** Local midnight after the last date. */
    public Instant end() {
        return range.to().plusDays(1).atStartOfDay(zone()).toInstant();
    }

    /** Days are cut at local midnight in every zone (see {@link DayEdges}). */
    public DayEdges dayEdges() {
        return DayEdges.EXACT;
    }
}
