package dev.tally.persistence.postgres.internal;

import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.UsageCost;
import dev.tally.domain.report.WeeklyUsage;
import java.math.BigDecimal;
import java.time.LocalDate;

/** One row of the daily or weekly report: a local date (or week start), provider and model. */
record ReportDatedRow(LocalDate day, String provider, String model, long inputTokens, long outputTokens,
                      long cacheReadTokens, long cacheWriteTokens, long taskCount, long eventCount,
                      BigDecimal reportedCostUsd, BigDecimal estimatedCostUsd, long unpricedTokens) {

    DailyUsage toDaily() {
        return new DailyUsage(day, provider, model, totals(), cost());
    }

    WeeklyUsage toWeekly() {
        return new WeeklyUsage(day, provider, model, totals(), cost());
    }

    private UsageTotals totals() {
        return new UsageTotals(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, taskCount, eventCount);
    }

    private UsageCost cost() {
        return new UsageCost(reportedCostUsd, estimatedCostUsd, unpricedTokens);
    }
}
