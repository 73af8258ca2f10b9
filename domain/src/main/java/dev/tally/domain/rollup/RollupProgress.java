package dev.tally.domain.rollup;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a tick reads, inside its transaction, before it chooses a window: the watermark, the
 * database's clock, the first raw change at or after the watermark (empty when there is none) and
 * the start of the oldest transaction still open (empty when there is none). All instants come
 * from the database so that the application's clock never decides what is "old enough".
 */
public record RollupProgress(
        Instant watermark,
        Instant now,
        Optional<Instant> firstChangeAtOrAfterWatermark,
        Optional<Instant> oldestOpenTransactionStart) {

    public RollupProgress {
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(firstChangeAtOrAfterWatermark, "firstChangeAtOrAfterWatermark");
        Objects.requireNonNull(oldestOpenTransactionStart, "oldestOpenTransactionStart");
    }
}
