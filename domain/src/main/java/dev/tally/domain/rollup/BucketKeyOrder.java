package dev.tally.domain.rollup;

import dev.tally.domain.bucket.BucketKey;
import java.util.Comparator;

/** A total order on keys, so rollups print and compare in a stable order (NULL project first). */
final class BucketKeyOrder {

    static final Comparator<BucketKey> INSTANCE = Comparator.comparing(BucketKey::bucketHour)
            .thenComparing(BucketKey::workspaceId)
            .thenComparing(BucketKey::runtimeId)
            .thenComparing(BucketKey::agentId)
            .thenComparing(BucketKey::projectId, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(BucketKey::provider)
            .thenComparing(BucketKey::model);

    private BucketKeyOrder() {
    }
}
