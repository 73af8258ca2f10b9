package dev.tally.app;

/** The command line or its environment is wrong; the message names what and what is accepted (exit 2). */
public final class BadUsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BadUsageException(String message) {
        super(message);
    }
}
