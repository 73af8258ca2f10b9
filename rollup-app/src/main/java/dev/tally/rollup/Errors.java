package dev.tally.rollup;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** What an exception says about the database, for health and the start-up wait (its words: {@code RootCause}). */
final class Errors {

    private Errors() {
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
