package dev.tally.domain.report;

import dev.tally.domain.bucket.UsageTotals;
import java.time.LocalDate;
import java.util.Objects;

/** One local date's usage and cost of one provider (lower-case) and model. */
public record DailyUsage(LocalDate date, String provider, String model, UsageTotals totals, UsageCost cost)
        implements UsageRow {

    public DailyUsage {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(cost, "cost");
    }
}
