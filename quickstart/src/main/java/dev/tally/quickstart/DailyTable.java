package dev.tally.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The daily report of one workspace in two timezones, side by side, so the effect of the viewer's
 * timezone on where each day begins is visible: tokens and cost per local date. Read through
 * report-app's API, as a dashboard would. Cost is shown to the cent (the API's is exact to 1e-10
 * USD); tokens no price covers are counted below the table, not costed.
 */
final class DailyTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One date's usage in one zone. */
    private record Day(long tokens, BigDecimal costUsd) {

        Day plus(Day other) {
            return new Day(tokens + other.tokens, costUsd.add(other.costUsd));
        }
    }

    private final Map<String, Map<String, Day>> daysByZone = new LinkedHashMap<>();
    private final Map<String, Long> unpricedTokensByZone = new LinkedHashMap<>();

    /** Adds one zone's column from a daily report's JSON. */
    DailyTable column(String zone, String reportJson) {
        Map<String, Day> byDate = new TreeMap<>();
        JsonNode report = read(reportJson);
        for (JsonNode row : report.path("rows")) {
            long tokens = row.path("input_tokens").asLong() + row.path("output_tokens").asLong()
                    + row.path("cache_read_tokens").asLong() + row.path("cache_write_tokens").asLong();
            byDate.merge(row.path("date").asText(), new Day(tokens, new BigDecimal(row.path("cost_usd").asText())),
                    Day::plus);
        }
        daysByZone.put(zone, byDate);
        unpricedTokensByZone.put(zone, report.path("totals").path("unpriced_tokens").asLong());
        return this;
    }

    void print(PrintStream out) {
        TreeSet<String> dates = new TreeSet<>();
        daysByZone.values().forEach(byDate -> dates.addAll(byDate.keySet()));
        StringBuilder header = new StringBuilder(String.format("  %-12s", "date"));
        daysByZone.keySet().forEach(zone -> header.append(String.format(" %34s", zone + " tokens, USD")));
        out.println(header);
        for (String date : dates) {
            StringBuilder line = new StringBuilder(String.format("  %-12s", date));
            daysByZone.values().forEach(byDate -> line.append(byDate.containsKey(date)
                    ? String.format(" %,22d %11s", byDate.get(date).tokens(), cents(byDate.get(date).costUsd()))
                    : String.format(" %34s", "-")));
            out.println(line);
        }
        // Said even when none: the sample's workspace and week decide whether unpriced models appear.
        unpricedTokensByZone.forEach((zone, unpriced) -> out.println(String.format(
                "  %s: %,d tokens have no price in the catalog and are not in the cost", zone, unpriced)));
    }

    private static String cents(BigDecimal usd) {
        return "$" + usd.setScale(2, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("report-app answered something that is not JSON", e);
        }
    }
}
