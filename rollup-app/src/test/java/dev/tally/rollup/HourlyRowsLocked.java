package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Another session holding row locks on every hourly row, so a tick that must rewrite one of them
 * waits inside its recompute, holding the tick lock, until this lets go (or the tick is cancelled,
 * timed out or killed). Write the changes the tick must process before taking the locks: this
 * session's open transaction is where the tick's window ends.
 */
final class HourlyRowsLocked implements AutoCloseable {

    private static final int WAIT_MILLIS = 30_000;

    private final Connection blocker;
    private final int blockerPid;
    private final Sql sql;

    private HourlyRowsLocked(Connection blocker, int blockerPid, Sql sql) {
        this.blocker = blocker;
        this.blockerPid = blockerPid;
        this.sql = sql;
    }

    static HourlyRowsLocked in(DataSource dataSource) throws SQLException {
        Connection blocker = dataSource.getConnection();
        blocker.setAutoCommit(false);
        blocker.createStatement().executeQuery("SELECT 1 FROM task_usage_hourly FOR UPDATE").close();
        try (ResultSet pid = blocker.createStatement().executeQuery("SELECT pg_backend_pid()")) {
            pid.next();
            return new HourlyRowsLocked(blocker, pid.getInt(1), new Sql(dataSource));
        }
    }

    /** Waits until another session waits on a lock: a tick inside its recompute. Returns its backend pid. */
    int awaitATickWaiting() throws InterruptedException {
        List<Integer> waiting = waitingTicks();
        for (int waited = 0; waiting.isEmpty() && waited < WAIT_MILLIS; waited += 20) {
            Thread.sleep(20);
            waiting = waitingTicks();
        }
        assertThat(waiting).as("sessions waiting on a lock; all sessions: %s", sessions()).hasSize(1);
        return waiting.get(0);
    }

    /** Lets the waiting tick go on. */
    void release() throws SQLException {
        blocker.rollback();
    }

    @Override
    public void close() throws SQLException {
        blocker.rollback();
        blocker.close();
    }

    private List<String> sessions() {
        return sql.query("SELECT concat_ws(' | ', pid, application_name, state, wait_event_type, wait_event, "
                + "left(query, 80)) FROM pg_stat_activity WHERE datname = current_database()", row -> row.getString(1));
    }

    private List<Integer> waitingTicks() {
        return sql.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock' AND pid <> ?", row -> row.getInt(1), blockerPid);
    }
}
