package dev.tally.domain.rollup;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.UsageTotals;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform as the contract tests drive it: the writes the upstream platform makes to its
 * source tables, a way to run the rollup until it has caught up, and what the rollup then holds.
 * The in-memory reference and the PostgreSQL pipeline both implement it, so every scenario of
 * {@link RollupContractTest} runs against both.
 */
public interface UsagePlatform {

    UUID aWorkspace();

    UUID aRuntimeIn(UUID workspaceId);

    UUID anAgentIn(UUID workspaceId, UUID runtimeId);

    UUID aProjectIn(UUID workspaceId);

    /** An issue of {@code workspaceId}; {@code projectId} may be {@code null}. */
    UUID anIssueIn(UUID workspaceId, UUID projectId);

    /** A task of {@code agentId} on {@code runtimeId}; {@code issueId} may be {@code null}. */
    UUID aTask(UUID agentId, UUID runtimeId, UUID issueId);

    /**
     * The platform's usage upsert: the first report for (task, provider, model) inserts a row
     * created at {@code createdAt}; a later report replaces its token counts (a correction) and
     * keeps the original {@code createdAt}.
     */
    void reportUsage(UUID taskId, String provider, String model, Instant createdAt, Tokens tokens);

    void reassignTaskToRuntime(UUID taskId, UUID runtimeId);

    void linkTaskToIssue(UUID taskId, UUID issueId);

    void moveIssueToProject(UUID issueId, UUID projectId);

    void deleteUsage(UUID taskId, String provider, String model);

    void deleteTask(UUID taskId);

    void deleteIssue(UUID issueId);

    void deleteProject(UUID projectId);

    void deleteAgent(UUID agentId);

    void deleteRuntime(UUID runtimeId);

    void deleteWorkspace(UUID workspaceId);

    /** Runs rollup ticks until one reports it has caught up; returns how many ran. */
    int tickUntilCaughtUp();

    /** Every hourly row the rollup holds now. */
    Map<BucketKey, UsageTotals> rollup();

    /** Every raw usage row, attributed as the rollup must see it now. */
    List<UsageEvent> rawEvents();

    /** Token counts of one usage report. */
    record Tokens(long input, long output, long cacheRead, long cacheWrite) {

        public static Tokens of(long input, long output) {
            return new Tokens(input, output, 0, 0);
        }
    }
}
