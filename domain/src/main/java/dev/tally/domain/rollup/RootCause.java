package dev.tally.domain.rollup;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/** What a failure says in the database's or the driver's own words, not in its wrappers'. */
public final class RootCause {

    private RootCause() {
    }

    /** The innermost message, or the innermost exception's simple name when it has none; safe on a cycle of causes. */
    public static String message(Throwable e) {
        Throwable root = e;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (root.getCause() != null && seen.add(root)) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
