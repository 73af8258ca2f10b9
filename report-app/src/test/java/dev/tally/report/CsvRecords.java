package dev.tally.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** CSV text as records, and the records a report's JSON rows should make: the tests' two sides. */
final class CsvRecords {

    private CsvRecords() {
    }

    /** The header (the first row's field names, in order), then each row's values as text, null empty. */
    static List<List<String>> expectedFrom(JsonNode rows) {
        List<List<String>> records = new ArrayList<>();
        records.add(fieldNames(rows.get(0)));
        rows.forEach(row -> {
            List<String> record = new ArrayList<>();
            row.fields().forEachRemaining(field -> record.add(field.getValue().isNull() ? "" : field.getValue().asText()));
            records.add(record);
        });
        return records;
    }

    static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<List<String>> parse(String csv) {
        try (MappingIterator<String[]> lines = new CsvMapper().readerFor(String[].class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(csv)) {
            List<List<String>> records = new ArrayList<>();
            while (lines.hasNext()) {
                records.add(List.of(lines.next()));
            }
            return records;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
