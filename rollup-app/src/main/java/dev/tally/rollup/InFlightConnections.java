package dev.tally.rollup;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.LoggerFactory;

/**
 * The pool as the persistence adapters see it, remembering which connections they hold, so that a
 * stop can cancel what a tick is running. Cancelling sends PostgreSQL a cancel request: the
 * statement fails at once and the tick's transaction rolls back, releasing the tick lock. Merely
 * closing the connection would not do: a backend notices a vanished client only when it next writes
 * to it, so a tick waiting on a lock, or still computing, would hold the tick lock until then.
 */
public final class InFlightConnections implements DataSource {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(InFlightConnections.class);

    private final DataSource pool;
    private final Set<Connection> held = ConcurrentHashMap.newKeySet();

    public InFlightConnections(DataSource pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    /** Cancels the statement running on every connection handed out and not yet closed. */
    public void cancelAll() {
        for (Connection connection : held) {
            try {
                connection.unwrap(PGConnection.class).cancelQuery();
            } catch (SQLException e) {
                LOG.warn("could not cancel a statement in flight: {}", Errors.rootMessage(e));
            }
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return tracked(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return tracked(pool.getConnection(username, password));
    }

    /** The connection, forgotten again when it is closed (handed back to the pool). */
    private Connection tracked(Connection connection) {
        held.add(connection);
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        held.remove(connection);
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
