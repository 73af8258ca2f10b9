package dev.tally.domain.report;

/** Where a report's timezone came from, in the order they are tried. */
public enum TimezoneSource {
    /** The request's {@code tz} parameter. */
    REQUEST,
    /** The caller's stored timezone. */
    USER,
    /** Neither was given (or the stored one is no longer accepted): UTC. */
    DEFAULT
}
