package dev.tally.report.prices;

import dev.tally.domain.price.ModelPrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Tally's price CSV: the header {@value #HEADER}, then one price per line. Blank lines and lines
 * starting with {@code #} (comments, such as where the figures come from) are skipped. Fields are
 * separated by commas and trimmed; none may contain a comma or be quoted (no provider, model,
 * time or number needs either).
 */
public final class PriceCsv {

    public static final String HEADER = "provider,model,effective_from,input_usd_per_mtok,output_usd_per_mtok,"
            + "cache_read_usd_per_mtok,cache_write_usd_per_mtok";

    private static final String[] FIELDS = HEADER.split(",");

    private PriceCsv() {
    }

    /** The prices of {@code text}, or the first bad line, naming its number (from 1) and field. */
    public static PriceFile parse(String text) {
        List<ModelPrice> prices = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        boolean headerSeen = false;
        // A byte order mark, as some spreadsheets write, is not part of the header.
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = "line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!headerSeen) {
                if (!line.replace(" ", "").equals(HEADER)) {
                    throw new PriceFileException(where, null, "the first line must be the header " + HEADER);
                }
                headerSeen = true;
                continue;
            }
            prices.add(price(where, line));
            origins.add(where);
        }
        if (!headerSeen) {
            throw new PriceFileException("line 1", null, "the file is empty: the first line must be the header " + HEADER);
        }
        return new PriceFile(prices, origins, 0, "");
    }

    private static ModelPrice price(String where, String line) {
        String[] values = line.split(",", -1);
        if (values.length != FIELDS.length) {
            throw new PriceFileException(where, null, "expected " + FIELDS.length + " fields (" + HEADER + "), found "
                    + values.length);
        }
        for (int f = 0; f < values.length; f++) {
            values[f] = values[f].strip();
            if (values[f].isEmpty()) {
                throw new PriceFileException(where, FIELDS[f], "missing");
            }
        }
        return new ModelPrice(values[0], values[1], Prices.effectiveFrom(where, FIELDS[2], values[2]),
                usd(where, values, 3), usd(where, values, 4), usd(where, values, 5), usd(where, values, 6));
    }

    private static BigDecimal usd(String where, String[] values, int field) {
        return Prices.usdPerMtok(where, FIELDS[field], values[field]);
    }
}
