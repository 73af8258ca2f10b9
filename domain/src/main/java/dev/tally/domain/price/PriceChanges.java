package dev.tally.domain.price;

import java.util.List;

/** What an import did (or, dry, would do) to the catalog: the prices it added, changed and left as they were. */
public record PriceChanges(List<ModelPrice> added, List<ModelPrice> changed, List<ModelPrice> unchanged) {

    public PriceChanges {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        unchanged = List.copyOf(unchanged);
    }
}
