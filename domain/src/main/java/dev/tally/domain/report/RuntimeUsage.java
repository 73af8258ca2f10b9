package dev.tally.domain.report;

import dev.tally.domain.bucket.UsageTotals;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One runtime's usage and cost of one provider (lower-case) and model over a report's range; no name once the runtime is deleted. */
public record RuntimeUsage(
        UUID runtimeId, Optional<String> runtimeName, String provider, String model, UsageTotals totals, UsageCost cost)
        implements UsageRow {

    public RuntimeUsage {
        Objects.requireNonNull(runtimeId, "runtimeId");
        Objects.requireNonNull(runtimeName, "runtimeName");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(cost, "cost");
    }
}
