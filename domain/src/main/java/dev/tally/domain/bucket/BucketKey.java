package dev.tally.domain.bucket;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The key of one hourly rollup row. {@code projectId} is {@code null} for usage of tasks that are
 * not linked to an issue in a project; such usage still has its own bucket.
 */
public record BucketKey(
        Instant bucketHour,
        UUID workspaceId,
        UUID runtimeId,
        UUID agentId,
        UUID projectId,
        String provider,
        String model) {

    public BucketKey {
        Objects.requireNonNull(bucketHour, "bucketHour");
        Objects.requireNonNull(workspaceId, "workspaceId");
        Objects.requireNonNull(runtimeId, "runtimeId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
        if (!HourBucket.isBoundary(bucketHour)) {
            throw new IllegalArgumentException("bucketHour must be the start of a UTC hour: " + bucketHour);
        }
    }
}
