package dev.tally.report.prices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tally.domain.price.ModelPrice;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * LiteLLM's model_prices_and_context_window.json: an object whose keys are model names and whose
 * values carry {@code litellm_provider} and USD per token ({@code input_cost_per_token},
 * {@code output_cost_per_token}, {@code cache_read_input_token_cost},
 * {@code cache_creation_input_token_cost}). Prices per token become prices per million tokens
 * exactly (numbers are read as decimals, never as doubles); a missing cache price is 0. Entries
 * without a provider or without an input or output price (embeddings, images, audio) are skipped and
 * counted, and so is the file's {@code sample_spec} entry, which documents the format.
 */
public final class LiteLlmPrices {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final BigDecimal PER_MILLION = BigDecimal.valueOf(1_000_000);

    private LiteLlmPrices() {
    }

    public static PriceFile parse(String text, Instant effectiveFrom) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new PriceFileException("line " + e.getLocation().getLineNr(), null,
                    "not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new PriceFileException("line 1", null, "not a JSON object of model names");
        }
        List<ModelPrice> prices = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        int skipped = 0;
        for (Iterator<Map.Entry<String, JsonNode>> entries = root.fields(); entries.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String where = "key \"" + entry.getKey() + "\"";
            JsonNode spec = entry.getValue();
            if (entry.getKey().equals("sample_spec") || !spec.isObject() || blank(spec, "litellm_provider")
                    || !spec.hasNonNull("input_cost_per_token") || !spec.hasNonNull("output_cost_per_token")) {
                skipped++;
                continue;
            }
            prices.add(price(where, entry.getKey(), spec, effectiveFrom));
            origins.add(where);
        }
        return new PriceFile(prices, origins, skipped, "sample_spec, or no provider, input or output price");
    }

    private static ModelPrice price(String where, String model, JsonNode spec, Instant effectiveFrom) {
        BigDecimal input = perMillion(where, spec, "input_cost_per_token");
        BigDecimal output = perMillion(where, spec, "output_cost_per_token");
        BigDecimal cacheRead = perMillion(where, spec, "cache_read_input_token_cost");
        BigDecimal cacheWrite = perMillion(where, spec, "cache_creation_input_token_cost");
        try {
            return new ModelPrice(spec.get("litellm_provider").asText(), model, effectiveFrom, input, output, cacheRead,
                    cacheWrite);
        } catch (IllegalArgumentException e) {
            throw new PriceFileException(where, null, e.getMessage());
        }
    }

    private static boolean blank(JsonNode spec, String field) {
        return !spec.hasNonNull(field) || spec.get(field).asText().isBlank();
    }

    private static BigDecimal perMillion(String where, JsonNode spec, String field) {
        JsonNode value = spec.get(field);
        if (value == null || value.isNull()) {
            return BigDecimal.ZERO;
        }
        String text = value.isNumber() ? value.decimalValue().toString() : value.asText();
        return Prices.usdPerMtok(where, field, text).multiply(PER_MILLION).stripTrailingZeros();
    }
}
