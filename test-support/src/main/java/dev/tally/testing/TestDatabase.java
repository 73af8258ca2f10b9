package dev.tally.testing;

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
    private PGSimpleDataSource dataSource;

    @Override
    public void beforeAll(ExtensionContext context) {
        PostgresServer server = PostgresServer.shared();
        name = "tally_test_" + shortId();
        server.execute("CREATE DATABASE " + name + " TEMPLATE " + template(server));
        dataSource = dataSourceFor(server, name);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        PostgresServer.shared().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    /** Connections to this test class's database; each call opens a new one. */
    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public String url() {
        return dataSource.getUrl();
    }

    public String user() {
        return dataSource.getUser();
    }

    public String password() {
        return dataSource.getPassword();
    }

    public Sql sql() {
        return new Sql(dataSource);
    }

    /** Empties every table and rewinds the rollup to its initial state, for tests that share the class's database. */
    public void reset() {
        sql().update("TRUNCATE workspace, \"user\", task_usage_hourly, task_usage_hourly_dirty CASCADE");
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
