package dev.tally.domain.backfill;

/** The request cannot be planned as given (an unknown workspace, an empty range); the message says why. */
public final class BackfillRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BackfillRejected(String message) {
        super(message);
    }
}
