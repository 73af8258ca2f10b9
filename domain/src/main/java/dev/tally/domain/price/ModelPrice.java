package dev.tally.domain.price;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;

/**
 * USD per million tokens of each kind for one provider and model, in force from {@code effectiveFrom}
 * until the catalog's next entry for the same provider and model. Providers are kept lower-case
 * (usage matches them without regard to case); models are kept and matched exactly.
 *
 * @param effectiveFrom on a UTC hour edge: the rollup's buckets are UTC hours, and each must have
 *                      one price
 */
public record ModelPrice(String provider, String model, Instant effectiveFrom, BigDecimal inputUsdPerMtok,
                         BigDecimal outputUsdPerMtok, BigDecimal cacheReadUsdPerMtok, BigDecimal cacheWriteUsdPerMtok) {

    public ModelPrice {
        provider = nonBlank("provider", provider).toLowerCase(Locale.ROOT);
        model = nonBlank("model", model);
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        if (!isHourEdge(effectiveFrom)) {
            throw new IllegalArgumentException("effective_from must be on a UTC hour edge (each hourly bucket has "
                    + "one price): " + effectiveFrom);
        }
        notNegative("input_usd_per_mtok", inputUsdPerMtok);
        notNegative("output_usd_per_mtok", outputUsdPerMtok);
        notNegative("cache_read_usd_per_mtok", cacheReadUsdPerMtok);
        notNegative("cache_write_usd_per_mtok", cacheWriteUsdPerMtok);
    }

    /** True when {@code instant} starts a UTC hour, as every price's start must. */
    public static boolean isHourEdge(Instant instant) {
        return instant.truncatedTo(ChronoUnit.HOURS).equals(instant);
    }

    /** The catalog's key: one price per provider, model and start. */
    public Key key() {
        return new Key(provider, model, effectiveFrom);
    }

    /** Same prices by value (1.50 and 1.5 are the same price). */
    public boolean samePricesAs(ModelPrice other) {
        return inputUsdPerMtok.compareTo(other.inputUsdPerMtok) == 0
                && outputUsdPerMtok.compareTo(other.outputUsdPerMtok) == 0
                && cacheReadUsdPerMtok.compareTo(other.cacheReadUsdPerMtok) == 0
                && cacheWriteUsdPerMtok.compareTo(other.cacheWriteUsdPerMtok) == 0;
    }

    public record Key(String provider, String model, Instant effectiveFrom) {
    }

    private static String nonBlank(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }

    private static void notNegative(String name, BigDecimal usdPerMtok) {
        Objects.requireNonNull(usdPerMtok, name);
        if (usdPerMtok.signum() < 0) {
            throw new IllegalArgumentException(name + " cannot be negative: " + usdPerMtok.toPlainString());
        }
    }
}
