package dev.tally.domain.report;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Which server a report was read on, and how current that server's snapshot was. */
public sealed interface ReadSource permits ReadSource.Primary, ReadSource.Standby {

    /** Read on the primary when no standby is configured. */
    ReadSource DIRECT = new Primary(Optional.empty());

    /**
     * The primary: current to the read. {@code fallback} says why no standby served the report,
     * when standbys are configured.
     */
    record Primary(Optional<StandbyFallback> fallback) implements ReadSource {

        public Primary {
            Objects.requireNonNull(fallback, "fallback");
        }
    }

    /**
     * A hot standby whose snapshot held every transaction the primary had committed up to
     * {@code currentTo} (the primary's clock), {@code lag} behind the primary when the report began.
     */
    record Standby(Instant currentTo, Duration lag) implements ReadSource {

        public Standby {
            Objects.requireNonNull(currentTo, "currentTo");
            if (lag.isNegative()) {
                throw new IllegalArgumentException("lag must not be negative: " + lag);
            }
        }
    }
}
