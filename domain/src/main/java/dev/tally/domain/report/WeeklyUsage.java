package dev.tally.domain.report;

import dev.tally.domain.bucket.UsageTotals;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One local week's usage and cost (the week starting on Monday {@code weekStart}) of one provider
 * (lower-case) and model.
 */
public record WeeklyUsage(
        LocalDate weekStart, String provider, String model, UsageTotals totals, UsageCost cost) implements UsageRow {

    public WeeklyUsage {
        Objects.requireNonNull(weekStart, "weekStart");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(cost, "cost");
        if (weekStart.getDayOfWeek() != DayOfWeek.MONDAY) {
            throw new IllegalArgumentException("weeks start on Monday: " + weekStart);
        }
    }
}
