package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.InFlightTicks;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * The connections running a tick right now, so that a stop can cancel what they run.
 *
 * <p>Cancelling sends PostgreSQL the protocol's cancel request for the connection's backend: the
 * statement fails at once and the tick's transaction rolls back, releasing the tick lock. Closing the
 * connection would not do: a backend notices a vanished client only when it next writes to it, so a
 * tick waiting on a lock, or still computing, would hold the tick lock until then. The request goes
 * over a socket of its own rather than {@code pg_cancel_backend} on a pooled connection, so it works
 * when the pool is exhausted or the tick's role may not signal backends, and runs no SQL.
 */
public final class RunningTicks implements InFlightTicks {

    /** Guarded by this: a cancel never reaches a connection after its tick has handed it back to the pool. */
    private final Set<Connection> running = new HashSet<>();

    synchronized void started(Connection connection) {
        running.add(connection);
    }

    synchronized void ended(Connection connection) {
        running.remove(connection);
    }

    /** Tries every tick; throws, with each failure attached, if any could not be cancelled. */
    @Override
    public synchronized void cancel() {
        IllegalStateException failure = new IllegalStateException("could not cancel a tick in flight");
        for (Connection connection : running) {
            try {
                connection.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException e) {
                failure.addSuppressed(e);
            }
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }
}
