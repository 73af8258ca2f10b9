package dev.tally.rollup;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** What an exception says about the database, for logs, health and the start-up wait. */
final class Errors {

    private Errors() {
    }

    /** The innermost message: the database's or the driver's own words, not the wrappers'. */
    static String rootMessage(Throwable e) {
        Throwable root = e;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }

    /**
     * Whether {@code e} means the database could not be reached (worth waiting for) rather than that
     * it answered with an error (worth stopping for): a connection failure (SQLSTATE class 08), a
     * server that is starting or shutting down (57P01 to 57P03), or a pool that timed out waiting for
     * a connection.
     */
    static boolean isDatabaseUnreachable(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = e; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().matches("57P0[123]"))) {
                return true;
            }
        }
        return false;
    }
}
