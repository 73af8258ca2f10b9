package dev.tally.domain.report;

import dev.tally.domain.bucket.UsageTotals;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * One project's usage and cost of one provider (lower-case) and model over a report's range. No project
 * id stands for usage of tasks not linked to an issue in a project.
 */
public record ProjectUsage(
        Optional<UUID> projectId, Optional<String> projectTitle, String provider, String model, UsageTotals totals,
        UsageCost cost) implements UsageRow {

    public ProjectUsage {
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(projectTitle, "projectTitle");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(cost, "cost");
    }
}
