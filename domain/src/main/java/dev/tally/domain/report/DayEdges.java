package dev.tally.domain.report;

/**
 * How a report's local days map onto the rollup's UTC hours. The rollup keeps whole UTC hours, so
 * a day can only start on one: where local midnight is not on a UTC hour (Asia/Kolkata,
 * Asia/Kathmandu, Australia/Adelaide, America/St_Johns, ...), each day starts at the first UTC
 * hour after local midnight, and the usage of the hour that straddles midnight counts for the
 * day on which that hour began.
 */
public enum DayEdges {
    /** Every day starts exactly at local midnight (whole-hour offsets, DST days of 23 and 25 hours included). */
    EXACT,
    /** At least one offset in the range is not a whole number of hours; days start on the UTC hour after local midnight. */
    HOUR_ALIGNED
}
