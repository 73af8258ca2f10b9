package dev.tally.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL server the tests of this JVM share, chosen once: {@code TALLY_TEST_DB_URL} (with
 * {@code _USER} and {@code _PASSWORD}) when set; else a Testcontainers PostgreSQL when a Docker
 * engine answers; else an embedded PostgreSQL (zonky). It says which it chose.
 */
public final class PostgresServer {

    private static PostgresServer shared;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String description;

    private PostgresServer(String adminUrl, String user, String password, String description) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.description = description;
    }

    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            System.out.println("[tally tests] PostgreSQL " + shared.version() + " from " + shared.description);
        }
        return shared;
    }

    private static PostgresServer start() {
        String url = System.getenv("TALLY_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new PostgresServer(url, envOr("TALLY_TEST_DB_USER", "postgres"),
                    envOr("TALLY_TEST_DB_PASSWORD", ""), "TALLY_TEST_DB_URL (" + url + ")");
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:15-alpine");
            container.start();
            Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
            return new PostgresServer(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers (" + container.getDockerImageName() + ")");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(embedded)));
            return new PostgresServer(embedded.getJdbcUrl("postgres", "postgres"), "postgres", "",
                    "embedded zonky server (no TALLY_TEST_DB_URL, no Docker engine)");
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
        }
    }

    /** A connection to the server's administrative database. */
    public Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(adminUrl, user, password);
    }

    /** Runs one statement on the administrative database (CREATE/DROP DATABASE cannot run in a transaction). */
    public void execute(String sql) {
        try (Connection connection = adminConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** The JDBC URL of another database on this server. */
    public String urlOf(String database) {
        return JdbcUrls.withDatabase(adminUrl, database);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    private String version() {
        try (Connection connection = adminConnection()) {
            return connection.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL: " + e.getMessage(), e);
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private static void closeQuietly(EmbeddedPostgres embedded) {
        try {
            embedded.close();
        } catch (IOException e) {
            System.err.println("[tally tests] embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }
}
