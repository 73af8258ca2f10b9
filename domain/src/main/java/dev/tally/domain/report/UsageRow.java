package dev.tally.domain.report;

import dev.tally.domain.bucket.UsageTotals;

/** What every report row carries, whatever it is grouped by: its usage and what that usage cost. */
public interface UsageRow {

    UsageTotals totals();

    UsageCost cost();
}
