package dev.tally.report.prices;

/** A price file that cannot be imported: where ({@code line 3}, {@code key "gpt-4o"}), which field, and why. */
public final class PriceFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PriceFileException(String where, String field, String reason) {
        super(where + (field == null ? "" : ", field " + field) + ": " + reason);
    }
}
