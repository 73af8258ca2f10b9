package dev.tally.domain.report;

import dev.tally.domain.bucket.HourBucket;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Objects;

/**
 * A report's local dates in its viewing timezone, and the UTC hours that make them up: the hour
 * buckets from {@link #start()} (included) to {@link #end()} (excluded). A bucket belongs to the
 * local date on which it starts; the rows a report reads and the dates it groups them by follow
 * the same rule, so the totals of any two reports over one window agree.
 */
public record ReportWindow(ViewingTimezone timezone, ReportRange range) {

    private static final int SECONDS_PER_HOUR = 3600;

    public ReportWindow {
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(range, "range");
    }

    public ZoneId zone() {
        return timezone.zone();
    }

    /** The first UTC hour bucket that starts on or after local midnight of the first date. */
    public Instant start() {
        return firstBucketFrom(range.from().atStartOfDay(zone()).toInstant());
    }

    /** The first UTC hour bucket that starts on or after local midnight after the last date. */
    public Instant end() {
        return firstBucketFrom(range.to().plusDays(1).atStartOfDay(zone()).toInstant());
    }

    /** Whether every day of the range starts exactly at local midnight. */
    public DayEdges dayEdges() {
        ZoneRules rules = zone().getRules();
        Instant from = range.from().atStartOfDay(zone()).toInstant();
        Instant to = range.to().plusDays(1).atStartOfDay(zone()).toInstant();
        if (!isWholeHours(rules.getOffset(from))) {
            return DayEdges.HOUR_ALIGNED;
        }
        for (ZoneOffsetTransition t = rules.nextTransition(from);
                t != null && t.getInstant().isBefore(to);
                t = rules.nextTransition(t.getInstant())) {
            if (!isWholeHours(t.getOffsetAfter())) {
                return DayEdges.HOUR_ALIGNED;
            }
        }
        return DayEdges.EXACT;
    }

    private static boolean isWholeHours(ZoneOffset offset) {
        return offset.getTotalSeconds() % SECONDS_PER_HOUR == 0;
    }

    private static Instant firstBucketFrom(Instant instant) {
        Instant bucket = HourBucket.of(instant);
        return bucket.equals(instant) ? bucket : bucket.plusSeconds(SECONDS_PER_HOUR);
    }
}
