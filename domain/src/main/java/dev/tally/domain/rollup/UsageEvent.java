package dev.tally.domain.rollup;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.HourBucket;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One raw usage row as the rollup sees it: the row's tokens, attributed through its task to a
 * workspace (the agent's), a runtime, an agent and a project ({@code null} when none).
 */
public record UsageEvent(
        UUID taskId,
        Instant createdAt,
        UUID workspaceId,
        UUID runtimeId,
        UUID agentId,
        UUID projectId,
        String provider,
        String model,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens) {

    public UsageEvent {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The hourly row this event is summed into. */
    public BucketKey bucketKey() {
        return new BucketKey(HourBucket.of(createdAt), workspaceId, runtimeId, agentId, projectId, provider, model);
    }
}
