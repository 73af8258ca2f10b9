package dev.tally.domain.rollup;

import java.time.Duration;
import java.util.Objects;

/** How one tick ended. */
public sealed interface TickOutcome permits TickOutcome.Completed, TickOutcome.Skipped, TickOutcome.Failed {

    /** The tick processed {@code window} and committed; {@code caughtUp} when nothing is left behind the horizon. */
    record Completed(TickWindow window, RecomputeCounts counts, Duration duration, boolean caughtUp)
            implements TickOutcome {

        public Completed {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(counts, "counts");
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** Another ticker (a replica or the pg_cron entry) holds the tick lock; nothing was done. */
    record Skipped(Duration duration) implements TickOutcome {

        public Skipped {
            Objects.requireNonNull(duration, "duration");
        }
    }

    /** The tick rolled back; {@code error} has also been recorded in the rollup state. */
    record Failed(String error, Duration duration) implements TickOutcome {

        public Failed {
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(duration, "duration");
        }
    }
}
