package dev.tally.domain.report;

import java.time.ZoneId;
import java.util.Objects;

/** The timezone a report slices days in, and where it came from. */
public record ViewingTimezone(ZoneId zone, TimezoneSource source) {

    public ViewingTimezone {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(source, "source");
    }

    /** The IANA name, as PostgreSQL is given it and as responses state it. */
    public String name() {
        return zone.getId();
    }
}
