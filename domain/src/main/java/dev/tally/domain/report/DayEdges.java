package dev.tally.domain.report;

/**
 * How a report's local days map onto the rollup, stated in every report as {@code day_edges}.
 * Always {@link #EXACT}: every UTC offset in use is a multiple of 15 minutes, and the rollup keeps
 * the quarters of each hour beside the hour, so every day, whatever its length (23, 23.5, 24,
 * 24.5 or 25 hours) and wherever its midnight falls (Asia/Kolkata at 18:30 UTC, Asia/Kathmandu at
 * 18:15 UTC), runs from local midnight to the next. The field stays so clients that check it keep
 * working, and so a future bucket scheme that cannot cut exactly has a way to say so.
 */
public enum DayEdges {
    /** Every day runs exactly from local midnight to the next local midnight. */
    EXACT
}
