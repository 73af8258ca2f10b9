package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.RollupStatus;
import java.time.Instant;
import java.util.Optional;

/** The state row and the queue's depth and oldest entry, read in one statement. */
record RollupStatusRow(Instant now, Instant watermark, Instant lastSuccessAt, String lastError, long dirtyKeys,
        Instant oldestDirtyEnqueuedAt) {

    RollupStatus toStatus() {
        return new RollupStatus(now, watermark, Optional.ofNullable(lastSuccessAt), Optional.ofNullable(lastError),
                dirtyKeys, Optional.ofNullable(oldestDirtyEnqueuedAt));
    }
}
