package dev.tally.domain.bucket;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The UTC hour an instant falls in. Buckets are always UTC so that any viewer's timezone can be
 * applied at read time; the SQL helper {@code task_usage_hour_bucket} computes the same boundary.
 */
public final class HourBucket {

    private HourBucket() {
    }

    /** The start of the UTC hour that contains {@code instant}. */
    public static Instant of(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS);
    }

    /** Whether {@code instant} is the start of a UTC hour. */
    public static boolean isBoundary(Instant instant) {
        return of(instant).equals(instant);
    }
}
