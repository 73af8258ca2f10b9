package dev.tally.domain.report;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** The local calendar dates a report covers, both ends included. */
public record ReportRange(LocalDate from, LocalDate to) {

    public ReportRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a range cannot end before it starts: " + from + " to " + to);
        }
    }

    /** How many local days the range covers. */
    public long days() {
        return ChronoUnit.DAYS.between(from, to) + 1;
    }
}
