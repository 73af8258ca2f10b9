package dev.tally.migrations;

/** The database's schema is not the one this release expects; the message says what to do. */
public final class SchemaNotCurrentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SchemaNotCurrentException(String message) {
        super(message);
    }
}
