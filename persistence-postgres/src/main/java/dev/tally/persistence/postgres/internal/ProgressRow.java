package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.RollupProgress;
import java.time.Instant;
import java.util.Optional;

/** The state row and the clocks, as read inside the tick's transaction. */
record ProgressRow(Instant watermark, Instant now, Instant firstChange, Instant oldestOpenTransaction) {

    RollupProgress toProgress() {
        return new RollupProgress(watermark, now, Optional.ofNullable(firstChange), Optional.ofNullable(oldestOpenTransaction));
    }
}
