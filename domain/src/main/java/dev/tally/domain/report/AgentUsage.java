package dev.tally.domain.report;

import dev.tally.domain.bucket.UsageTotals;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** One agent's usage and cost of one provider (lower-case) and model over a report's range; no name once the agent is deleted. */
public record AgentUsage(
        UUID agentId, Optional<String> agentName, String provider, String model, UsageTotals totals, UsageCost cost)
        implements UsageRow {

    public AgentUsage {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(agentName, "agentName");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(cost, "cost");
    }
}
