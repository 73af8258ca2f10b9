package dev.tally.report.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.List;

/**
 * A report's rows as RFC 4180 CSV: a header row, then one line per JSON row, CRLF line ends. The
 * columns are the JSON row's fields, in the JSON's order and with its names, read from the same
 * row records, so a field added to the JSON rows appears in the CSV without a second list, and
 * every number (decimal strings included) is written exactly as the JSON writes it.
 */
final class ReportCsv {

    static final String CONTENT_TYPE = "text/csv; charset=utf-8; header=present";

    private final CsvMapper csv;

    ReportCsv(ObjectMapper json) {
        // CsvMapper sorts columns by name unless told not to; the JSON's order is the records' order.
        this.csv = CsvMapper.builder()
                .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .propertyNamingStrategy(json.getPropertyNamingStrategy())
                .build();
    }

    <J> String write(ReportJson.RowShape<?, J> shape, List<J> rows) {
        CsvSchema schema = csv.schemaFor(shape.type()).withHeader().withLineSeparator("\r\n");
        try {
            return csv.writer(schema).writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a report's rows as CSV", e);
        }
    }
}
