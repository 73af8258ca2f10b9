package dev.tally.domain.price;

import java.time.Instant;
import java.util.List;

/** The dated price catalog reports price usage with. */
public interface PriceCatalog {

    /**
     * Stores {@code prices} (distinct keys) in one transaction, replacing the prices of keys the
     * catalog already has, and says which were added, changed and left as they were. With
     * {@code dryRun} it says the same and writes nothing.
     */
    PriceChanges importPrices(List<ModelPrice> prices, boolean dryRun);

    /** Each provider and model's price in force at {@code at}, by provider and model. */
    List<ModelPrice> inForceAt(Instant at);

    /** Every price, by provider, model and start. */
    List<ModelPrice> all();
}
