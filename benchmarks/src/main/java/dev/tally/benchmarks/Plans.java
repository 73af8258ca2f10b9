package dev.tally.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the hot statements, including the statements nested inside
 * PL/pgSQL and SQL functions (auto_explain, sent to the client as notices), each run in a
 * transaction that is rolled back so the data stays as the scenario left it. Written to a file.
 */
final class Plans {

    private final Path file;
    private String size = "";

    Plans(Path file) {
        this.file = file;
    }

    /** Names the history size in the titles of the plans that follow. */
    void atSize(long rawRows) {
        size = String.format(" [%,d raw rows]", rawRows);
    }

    /** Runs {@code sql} once, rolled back, and appends the plans of it and of every statement it runs. */
    void capture(BenchDatabase db, String title, String sql, Object... params) {
        run(db, title, true, sql, params);
    }

    /** EXPLAIN (ANALYZE, BUFFERS) of one plain statement (no functions inside worth explaining), rolled back. */
    void explain(BenchDatabase db, String title, String sql, Object... params) {
        run(db, title, false, sql, params);
    }

    private void run(BenchDatabase db, String title, boolean withNested, String sql, Object... params) {
        List<String> plans = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            boolean nested = withNested && loadAutoExplain(connection);
            if (withNested && !nested) {
                plans.add("(auto_explain is not available on this server: the top statement's plan only)");
            }
            long started = System.nanoTime();
            try (PreparedStatement statement = BenchDatabase.prepare(connection,
                    nested ? sql : "EXPLAIN (ANALYZE, BUFFERS) " + sql, params)) {
                boolean rows = statement.execute();
                for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                    plans.add(w.getMessage());
                }
                if (nested && rows) {
                    // A query's own plan arrives when its rows are read: on the result set, not the statement.
                    try (ResultSet result = statement.getResultSet()) {
                        while (result.next()) {
                            // drain
                        }
                        for (SQLWarning w = result.getWarnings(); w != null; w = w.getNextWarning()) {
                            plans.add(w.getMessage());
                        }
                    }
                }
                if (!nested && rows) {
                    StringBuilder plan = new StringBuilder();
                    try (ResultSet lines = statement.getResultSet()) {
                        while (lines.next()) {
                            plan.append(lines.getString(1)).append('\n');
                        }
                    }
                    plans.add(plan.toString());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            connection.rollback();
            append(title, sql, seconds, plans);
        } catch (SQLException e) {
            throw BenchDatabase.failed(sql, e);
        }
    }

    /** Sets up auto_explain for this transaction; false when the server does not have it (or we may not load it). */
    private static boolean loadAutoExplain(Connection connection) throws SQLException {
        try (Statement setup = connection.createStatement()) {
            setup.execute("LOAD 'auto_explain'");
            setup.execute("SET LOCAL auto_explain.log_min_duration = 0");
            setup.execute("SET LOCAL auto_explain.log_analyze = on");
            setup.execute("SET LOCAL auto_explain.log_buffers = on");
            setup.execute("SET LOCAL auto_explain.log_nested_statements = on");
            setup.execute("SET LOCAL auto_explain.log_level = notice");
            setup.execute("SET LOCAL client_min_messages = notice");
            return true;
        } catch (SQLException e) {
            connection.rollback();
            return false;
        }
    }

    private void append(String title, String sql, double seconds, List<String> plans) {
        StringBuilder text = new StringBuilder();
        text.append("\n### ").append(title).append(size).append("\n\n```\n-- ").append(sql.strip().replace("\n", "\n-- "))
                .append(String.format("%n-- %.3f s with auto_explain (rolled back)%n", seconds));
        for (String plan : plans) {
            text.append(plan.strip()).append("\n\n");
        }
        text.append("```\n");
        try {
            Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
