package dev.tally.domain.backfill;

import java.time.Instant;

/** The rollup's watermark, which a backfill that covered everything may move forward. */
public interface RollupWatermark {

    /** Moves the watermark to {@code horizon} unless it is already later; returns the watermark. */
    Instant advanceTo(Instant horizon);
}
