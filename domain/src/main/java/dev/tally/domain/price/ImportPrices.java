package dev.tally.domain.price;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Imports a batch of prices all or nothing: a batch naming one provider, model and start twice is
 * refused whole (which of the two would be meant?), anything else is stored in one transaction.
 */
public final class ImportPrices {

    /** How an import ended. */
    public sealed interface Outcome permits Imported, DuplicateKey {
    }

    /** Stored (or, dry, compared only). */
    public record Imported(PriceChanges changes) implements Outcome {
    }

    /** Entries {@code first} and {@code second} (0-based, in batch order) have the same key; nothing was written. */
    public record DuplicateKey(int first, int second, ModelPrice.Key key) implements Outcome {
    }

    private final PriceCatalog catalog;

    public ImportPrices(PriceCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public Outcome run(List<ModelPrice> prices, boolean dryRun) {
        Map<ModelPrice.Key, Integer> seen = new HashMap<>();
        for (int i = 0; i < prices.size(); i++) {
            Integer earlier = seen.putIfAbsent(prices.get(i).key(), i);
            if (earlier != null) {
                return new DuplicateKey(earlier, i, prices.get(i).key());
            }
        }
        return new Imported(catalog.importPrices(prices, dryRun));
    }
}
