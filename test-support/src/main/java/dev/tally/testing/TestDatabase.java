package dev.tally.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tally.migrations.Migrations;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database for one test class, copied from a template that the real migrations built once
 * per JVM. Register it as a static field:
 * {@code @RegisterExtension static final TestDatabase db = new TestDatabase();}
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {

    private static String template;

    private String name;
    private PGSimpleDataSource unpooled;
    private HikariDataSource pool;

    @Override
    public void beforeAll(ExtensionContext context) {
        PostgresServer server = PostgresServer.shared();
        name = "tally_test_" + shortId();
        server.execute("CREATE DATABASE " + name + " TEMPLATE " + template(server));
        unpooled = dataSourceFor(server, name);
        HikariConfig config = new HikariConfig();
        config.setDataSource(unpooled);
        config.setPoolName(name);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        pool = new HikariDataSource(config);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        pool.close();
        PostgresServer.shared().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /**
     * A small pool over this test class's database. Anything that changes session settings must use
     * {@link #connection()} instead, so the change cannot leak into other tests' connections.
     */
    public DataSource dataSource() {
        return pool;
    }

    /** A new connection of its own, closed by the caller. */
    public Connection connection() throws SQLException {
        return unpooled.getConnection();
    }

    public String url() {
        return unpooled.getUrl();
    }

    public String user() {
        return unpooled.getUser();
    }

    public String password() {
        return unpooled.getPassword();
    }

    public Sql sql() {
        return new Sql(pool);
    }

    /**
     * Waits until the server backend {@code pid} has ended: a client killed mid-transaction leaves its
     * backend running until the server notices, and only then are its locks released.
     */
    public void awaitBackendGone(int pid) throws InterruptedException {
        for (int i = 0; i < 500 && backendAlive(pid); i++) {
            Thread.sleep(20);
        }
        assertThat(backendAlive(pid)).as("the orphaned backend %d has ended", pid).isFalse();
    }

    private boolean backendAlive(int pid) {
        return sql().count("SELECT count(*) FROM pg_stat_activity WHERE pid = ?", pid) > 0;
    }

    /** Waits until a backend of this database waits on a lock: the statement under test has reached rows the test holds. */
    public void awaitALockWaiter() throws InterruptedException {
        for (int i = 0; i < 500 && !aLockWaiter(); i++) {
            Thread.sleep(20);
        }
        assertThat(aLockWaiter()).as("a backend waits on a lock").isTrue();
    }

    private boolean aLockWaiter() {
        return sql().count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'") > 0;
    }

    /** Empties every table and rewinds the rollup to its initial state, for tests that share the class's database. */
    public void reset() {
        sql().update("TRUNCATE workspace, \"user\", task_usage_hourly, task_usage_hourly_quarter, task_usage_hourly_dirty, model_price, "
                + "task_usage_hourly_backfill_slice, task_usage_hourly_backfill_run CASCADE");
        sql().update("""
                UPDATE task_usage_hourly_rollup_state
                SET watermark_at = '1970-01-01 00:00:00+00', last_run_started_at = NULL,
                    last_run_finished_at = NULL, last_success_at = NULL,
                    last_run_keys = 0, last_run_rows = 0, last_error = NULL
                """);
    }

    private static synchronized String template(PostgresServer server) {
        if (template == null) {
            String candidate = "tally_template_" + shortId();
            server.execute("CREATE DATABASE " + candidate);
            Migrations.of(dataSourceFor(server, candidate)).migrate();
            Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> server.execute("DROP DATABASE IF EXISTS " + candidate + " WITH (FORCE)")));
            template = candidate;
        }
        return template;
    }

    private static PGSimpleDataSource dataSourceFor(PostgresServer server, String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(server.urlOf(database));
        source.setUser(server.user());
        source.setPassword(server.password());
        return source;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }
}
