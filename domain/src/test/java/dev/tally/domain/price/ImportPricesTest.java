package dev.tally.domain.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportPricesTest {

    private static final Instant DECEMBER = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void providers_are_kept_lower_case_and_models_exactly() {
        ModelPrice price = aPrice("Anthropic", "Claude-Sonnet", DECEMBER, "3");

        assertThat(price.provider()).isEqualTo("anthropic");
        assertThat(price.model()).isEqualTo("Claude-Sonnet");
    }

    @Test
    void a_price_starts_on_a_utc_hour_edge_so_each_hourly_bucket_has_one_price() {
        assertThatThrownBy(() -> aPrice("openai", "gpt-4o", DECEMBER.plusSeconds(1800), "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hour edge");
    }

    @Test
    void prices_are_never_negative() {
        assertThatThrownBy(() -> aPrice("openai", "gpt-4o", DECEMBER, "-0.01"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input_usd_per_mtok");
    }

    @Test
    void equal_prices_compare_by_value_not_scale() {
        assertThat(aPrice("openai", "gpt-4o", DECEMBER, "1.50").samePricesAs(aPrice("openai", "gpt-4o", DECEMBER, "1.5")))
                .isTrue();
    }

    @Test
    void a_batch_naming_one_key_twice_is_refused_whole_even_when_providers_differ_in_case() {
        List<List<ModelPrice>> stored = new ArrayList<>();
        ImportPrices importPrices = new ImportPrices(catalogRecordingInto(stored));

        ImportPrices.Outcome outcome = importPrices.run(List.of(aPrice("openai", "gpt-4o", DECEMBER, "1"),
                aPrice("anthropic", "claude", DECEMBER, "3"), aPrice("OpenAI", "gpt-4o", DECEMBER, "2")), false);

        assertThat(outcome).isEqualTo(new ImportPrices.DuplicateKey(0, 2, new ModelPrice.Key("openai", "gpt-4o", DECEMBER)));
        assertThat(stored).isEmpty();
    }

    @Test
    void a_batch_with_distinct_keys_reaches_the_catalog() {
        List<List<ModelPrice>> stored = new ArrayList<>();
        List<ModelPrice> batch = List.of(aPrice("openai", "gpt-4o", DECEMBER, "1"),
                aPrice("openai", "gpt-4o", DECEMBER.plusSeconds(3600), "2"));

        ImportPrices.Outcome outcome = new ImportPrices(catalogRecordingInto(stored)).run(batch, false);

        assertThat(outcome).isInstanceOf(ImportPrices.Imported.class);
        assertThat(stored).containsExactly(batch);
    }

    private static PriceCatalog catalogRecordingInto(List<List<ModelPrice>> stored) {
        return new PriceCatalog() {
            @Override
            public PriceChanges importPrices(List<ModelPrice> prices, boolean dryRun) {
                stored.add(prices);
                return new PriceChanges(prices, List.of(), List.of());
            }

            @Override
            public List<ModelPrice> inForceAt(Instant at) {
                return List.of();
            }

            @Override
            public List<ModelPrice> all() {
                return List.of();
            }
        };
    }

    private static ModelPrice aPrice(String provider, String model, Instant from, String inputUsdPerMtok) {
        return new ModelPrice(provider, model, from, new BigDecimal(inputUsdPerMtok), BigDecimal.TEN, BigDecimal.ONE,
                BigDecimal.ONE);
    }
}
