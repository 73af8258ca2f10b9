package dev.tally.quickstart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The daily report of one workspace in two timezones, side by side, so the effect of the viewer's
 * timezone on where each day begins is visible. Read through report-app's API, as a dashboard would.
 */
final class DailyTable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Map<String, Long>> tokensByZoneAndDate = new LinkedHashMap<>();

    /** Adds one zone's column from a daily report's JSON. */
    DailyTable column(String zone, String reportJson) {
        Map<String, Long> byDate = new TreeMap<>();
        for (JsonNode row : read(reportJson).path("rows")) {
            long tokens = row.path("input_tokens").asLong() + row.path("output_tokens").asLong()
                    + row.path("cache_read_tokens").asLong() + row.path("cache_write_tokens").asLong();
            byDate.merge(row.path("date").asText(), tokens, Long::sum);
        }
        tokensByZoneAndDate.put(zone, byDate);
        return this;
    }

    void print(PrintStream out) {
        TreeSet<String> dates = new TreeSet<>();
        tokensByZoneAndDate.values().forEach(byDate -> dates.addAll(byDate.keySet()));
        StringBuilder header = new StringBuilder(String.format("  %-12s", "date"));
        tokensByZoneAndDate.keySet().forEach(zone -> header.append(String.format(" %22s", zone)));
        out.println(header);
        for (String date : dates) {
            StringBuilder line = new StringBuilder(String.format("  %-12s", date));
            tokensByZoneAndDate.values().forEach(byDate -> line.append(byDate.containsKey(date)
                    ? String.format(" %,22d", byDate.get(date))
                    : String.format(" %22s", "-")));
            out.println(line);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("report-app answered something that is not JSON", e);
        }
    }
}
