package dev.tally.report.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How a report answers: JSON, or CSV when the request says {@code format=csv} or accepts
 * {@code text/csv}. The parameter wins over the header, so a link or a browser download can ask
 * for CSV without setting headers.
 */
enum ReportFormat {
    JSON,
    CSV;

    static final String PARAMETER = "format";

    static ReportFormat of(Map<String, List<String>> query, Optional<String> accept) {
        List<String> format = query.get(PARAMETER);
        if (format != null && !format.isEmpty()) {
            return switch (format.get(0)) {
                case "json" -> JSON;
                case "csv" -> CSV;
                default -> throw ApiError.badRequest("format must be json or csv (got '" + format.get(0) + "')");
            };
        }
        return accept.map(value -> value.toLowerCase(Locale.ROOT).contains("text/csv")).orElse(false) ? CSV : JSON;
    }
}
