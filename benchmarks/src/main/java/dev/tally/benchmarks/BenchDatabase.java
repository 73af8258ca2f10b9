package dev.tally.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A database the benchmark creates on the server, uses, and drops (unless asked to keep it), with
 * the few JDBC helpers the scenarios share. Values bound to statements are plain JDBC values, except
 * instants, which are sent as UTC timestamps with time zone.
 */
final class BenchDatabase implements AutoCloseable {

    private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/]*/)([^?]*)(\\?.*)?");

    private final DatabaseOptions server;
    private final String name;
    private final HikariDataSource pool;
    private final boolean keep;

    private BenchDatabase(DatabaseOptions server, String name, HikariDataSource pool, boolean keep) {
        this.server = server;
        this.name = name;
        this.pool = pool;
        this.keep = keep;
    }

    /** Creates database {@code name} on the server that {@code server} connects to. */
    static BenchDatabase create(DatabaseOptions server, String name, boolean keep) {
        server.validate();
        try (Connection admin = DriverManager.getConnection(server.url(), server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name + " via " + server.url() + ": "
                    + e.getMessage(), e);
        }
        DatabaseOptions options = new DatabaseOptions(withDatabase(server.url(), name), server.user(), server.password());
        return new BenchDatabase(server, name, ConnectionPools.open("benchmarks", options, 4), keep);
    }

    String name() {
        return name;
    }

    DataSource dataSource() {
        return pool;
    }

    /** Another pool on this database, shaped as an app builds its own (for an app run in-process). */
    HikariDataSource openPool(String appName, int maximumSize) {
        return ConnectionPools.open(appName, new DatabaseOptions(withDatabase(server.url(), name), server.user(),
                server.password()), maximumSize);
    }

    void update(String sql, Object... params) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = prepare(connection, sql, params)) {
            statement.execute();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    long count(String sql, Object... params) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = prepare(connection, sql, params);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    Instant instant(String sql, Object... params) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = prepare(connection, sql, params);
             ResultSet row = statement.executeQuery()) {
            row.next();
            OffsetDateTime value = row.getObject(1, OffsetDateTime.class);
            return value == null ? null : value.toInstant();
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    String text(String sql, Object... params) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = prepare(connection, sql, params);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getString(1);
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    /** Seconds one statement takes, on a connection of its own (autocommit). */
    double timed(String sql, Object... params) {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = prepare(connection, sql, params)) {
            long started = System.nanoTime();
            statement.execute();
            return (System.nanoTime() - started) / 1e9;
        } catch (SQLException e) {
            throw failed(sql, e);
        }
    }

    static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object value = params[i] instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : params[i];
            statement.setObject(i + 1, value);
        }
        return statement;
    }

    static IllegalStateException failed(String sql, SQLException e) {
        String firstLine = sql.strip().lines().findFirst().orElse(sql);
        return new IllegalStateException(e.getMessage() + " (in: " + firstLine + " ...)", e);
    }

    @Override
    public void close() {
        pool.close();
        if (keep) {
            return;
        }
        try (Connection admin = DriverManager.getConnection(server.url(), server.user(), server.password());
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop database " + name + ": " + e.getMessage(), e);
        }
    }

    private static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a jdbc:postgresql://host[:port]/database URL: " + url);
        }
        return matcher.group(1) + database + (matcher.group(3) == null ? "" : matcher.group(3));
    }
}
