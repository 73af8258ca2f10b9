package dev.tally.persistence.postgres.internal;

import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.report.AgentUsage;
import dev.tally.domain.report.ProjectUsage;
import dev.tally.domain.report.RuntimeUsage;
import dev.tally.domain.report.UsageCost;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.UUID;

/**
 * One row of a per-agent, per-project or per-runtime report: the subject's id (NULL for usage
 * without a project) and name (NULL once the subject is deleted), provider and model.
 */
record ReportSubjectRow(UUID subjectId, String subjectName, String provider, String model, long inputTokens,
                        long outputTokens, long cacheReadTokens, long cacheWriteTokens, long taskCount, long eventCount,
                        BigDecimal reportedCostUsd, BigDecimal estimatedCostUsd, long unpricedTokens) {

    AgentUsage toAgentUsage() {
        return new AgentUsage(subjectId, Optional.ofNullable(subjectName), provider, model, totals(), cost());
    }

    ProjectUsage toProjectUsage() {
        return new ProjectUsage(Optional.ofNullable(subjectId), Optional.ofNullable(subjectName), provider, model, totals(), cost());
    }

    RuntimeUsage toRuntimeUsage() {
        return new RuntimeUsage(subjectId, Optional.ofNullable(subjectName), provider, model, totals(), cost());
    }

    private UsageTotals totals() {
        return new UsageTotals(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, taskCount, eventCount);
    }

    private UsageCost cost() {
        return new UsageCost(reportedCostUsd, estimatedCostUsd, unpricedTokens);
    }
}
