package dev.tally.report.prices;

import dev.tally.domain.price.ModelPrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** What both file readers check the same way, so a bad value reads the same whichever file it is in. */
final class Prices {

    private Prices() {
    }

    /** An ISO-8601 instant with an offset ({@code 2026-12-01T00:00:00Z}) on a UTC hour edge. */
    static Instant effectiveFrom(String where, String field, String text) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new PriceFileException(where, field, "not an ISO-8601 time with an offset, such as "
                    + "2026-12-01T00:00:00Z: " + text);
        }
        if (!ModelPrice.isHourEdge(instant)) {
            throw new PriceFileException(where, field, text + " is " + instant + " in UTC, not on a UTC hour edge: "
                    + "reports price each hourly UTC bucket at the one price in force at its start, so prices "
                    + "start on whole UTC hours");
        }
        return instant;
    }

    /** USD per million tokens: a plain or scientific decimal, zero or more. */
    static BigDecimal usdPerMtok(String where, String field, String text) {
        BigDecimal price;
        try {
            price = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new PriceFileException(where, field, "not a number: " + text);
        }
        if (price.signum() < 0) {
            throw new PriceFileException(where, field, "a price cannot be negative: " + text);
        }
        return price;
    }
}
