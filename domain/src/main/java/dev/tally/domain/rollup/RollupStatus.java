package dev.tally.domain.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the rollup stands, as operators watch it: how far the watermark trails the database's clock,
 * how many keys wait in the dirty queue and since when, and how the last tick went. Every instant
 * comes from the database, read in one statement, so the ages below are the database's view.
 *
 * @param now                   the database's clock when the status was read
 * @param watermark             every raw change before it has been rolled up
 * @param lastSuccessAt         when the last successful tick finished, by any ticker; empty before the first
 * @param lastError             the error of the last tick, when it failed (a success clears it)
 * @param dirtyKeys             keys waiting in the dirty queue
 * @param oldestDirtyEnqueuedAt when the longest-waiting of them was first queued; empty when none waits
 */
public record RollupStatus(
        Instant now,
        Instant watermark,
        Optional<Instant> lastSuccessAt,
        Optional<String> lastError,
        long dirtyKeys,
        Optional<Instant> oldestDirtyEnqueuedAt) {

    public RollupStatus {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(watermark, "watermark");
        Objects.requireNonNull(lastSuccessAt, "lastSuccessAt");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(oldestDirtyEnqueuedAt, "oldestDirtyEnqueuedAt");
        if (dirtyKeys < 0) {
            throw new IllegalArgumentException("dirtyKeys cannot be negative: " + dirtyKeys);
        }
    }

    /** How far the watermark trails now; at least the configured lag while ticks keep up. */
    public Duration watermarkLag() {
        return age(watermark);
    }

    /** How long ago the last successful tick finished; empty before the first. */
    public Optional<Duration> sinceLastSuccess() {
        return lastSuccessAt.map(this::age);
    }

    /** How long the oldest queued key has waited; empty when the queue is empty. */
    public Optional<Duration> oldestDirtyAge() {
        return oldestDirtyEnqueuedAt.map(this::age);
    }

    /** Never negative: an instant a little ahead of now (clock_timestamp() against now()) has age zero. */
    private Duration age(Instant since) {
        Duration age = Duration.between(since, now);
        return age.isNegative() ? Duration.ZERO : age;
    }
}
