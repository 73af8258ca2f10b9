package dev.tally.persistence.postgres.internal;

import dev.tally.domain.price.ModelPrice;
import java.math.BigDecimal;
import java.time.Instant;

/** One model_price row. */
record PriceRow(String provider, String model, Instant effectiveFrom, BigDecimal inputUsdPerMtok,
                BigDecimal outputUsdPerMtok, BigDecimal cacheReadUsdPerMtok, BigDecimal cacheWriteUsdPerMtok) {

    ModelPrice toModelPrice() {
        return new ModelPrice(provider, model, effectiveFrom, inputUsdPerMtok, outputUsdPerMtok, cacheReadUsdPerMtok,
                cacheWriteUsdPerMtok);
    }
}
