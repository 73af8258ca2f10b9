package dev.tally.domain.backfill;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How much history one backfill slice covers, in UTC calendar terms. */
public enum SliceLength {
    DAY("P1D"),
    WEEK("P7D"),
    MONTH("P1M");

    private final String iso;

    SliceLength(String iso) {
        this.iso = iso;
    }

    public String iso() {
        return iso;
    }

    /** Parses P1D, P7D or P1M; anything else is rejected with the accepted forms. */
    public static SliceLength parse(String value) {
        return Arrays.stream(values())
                .filter(length -> length.iso.equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not a slice length; use one of "
                        + Arrays.stream(values()).map(SliceLength::iso).collect(Collectors.joining(", "))));
    }

    ZonedDateTime after(ZonedDateTime start) {
        return switch (this) {
            case DAY -> start.plusDays(1);
            case WEEK -> start.plusWeeks(1);
            case MONTH -> start.plusMonths(1);
        };
    }

    /** The UTC midnight at or before {@code start} where a slice of this length begins. */
    ZonedDateTime floor(ZonedDateTime start) {
        ZonedDateTime day = start.withZoneSameInstant(ZoneOffset.UTC).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        return this == MONTH ? day.withDayOfMonth(1) : day;
    }
}
