package dev.tally.report.prices;

import dev.tally.domain.price.ModelPrice;
import java.util.List;

/**
 * The prices a file holds, each with where it came from ({@code origins.get(i)} names
 * {@code prices.get(i)}'s line or key), and how many entries were skipped and why.
 */
public record PriceFile(List<ModelPrice> prices, List<String> origins, int skipped, String skippedWhy) {

    public PriceFile {
        prices = List.copyOf(prices);
        origins = List.copyOf(origins);
        if (prices.size() != origins.size()) {
            throw new IllegalArgumentException("one origin per price");
        }
    }
}
