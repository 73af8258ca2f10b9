package dev.tally.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Scenario 2: a 30-day daily report of one workspace in a viewer's timezone, through report-app
 * over HTTP and through its SQL alone (rendered from its mapper XML), against the same answer
 * computed by a raw scan of task_usage. The three answers are compared before anything is timed.
 * SQL latencies on one warm connection; HTTP latencies of one client on loopback.
 */
final class Reports {

    static final String ZONE = "America/New_York";

    /** The same answer from the raw rows: the rollup's key per hour (for task_count), then local days. */
    private static final String RAW_SCAN = """
            WITH per_hour AS (
                SELECT task_usage_hour_bucket(tu.created_at) AS bucket_hour, t.runtime_id, t.agent_id, i.project_id,
                       tu.provider, tu.model,
                       sum(tu.input_tokens) AS input_tokens, sum(tu.output_tokens) AS output_tokens,
                       sum(tu.cache_read_tokens) AS cache_read_tokens, sum(tu.cache_write_tokens) AS cache_write_tokens,
                       count(DISTINCT tu.task_id) AS task_count, count(*) AS event_count
                FROM task_usage tu
                JOIN agent_task_queue t ON t.id = tu.task_id
                JOIN agent a ON a.id = t.agent_id
                LEFT JOIN issue i ON i.id = t.issue_id
                WHERE a.workspace_id = ? AND tu.created_at >= ? AND tu.created_at < ?
                GROUP BY 1, 2, 3, 4, 5, 6
            )
            SELECT (bucket_hour AT TIME ZONE ?)::date AS day, lower(provider) AS provider, model,
                   sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cache_read_tokens)::bigint,
                   sum(cache_write_tokens)::bigint, sum(task_count)::bigint, sum(event_count)::bigint
            FROM per_hour
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """;

    /** Used only when this build has no report mapper: the report's pattern over the rollup alone. */
    private static final String ROLLUP_PATTERN = """
            SELECT (h.bucket_hour AT TIME ZONE ?)::date AS day, lower(h.provider) AS provider, h.model,
                   sum(h.input_tokens)::bigint, sum(h.output_tokens)::bigint, sum(h.cache_read_tokens)::bigint,
                   sum(h.cache_write_tokens)::bigint, sum(h.task_count)::bigint, sum(h.event_count)::bigint
            FROM task_usage_hourly h
            WHERE h.workspace_id = ? AND h.bucket_hour >= ? AND h.bucket_hour < ?
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """;

    private final Bench bench;

    Reports(Bench bench) {
        this.bench = bench;
    }

    void run() {
        BenchDatabase db = bench.db();
        UUID workspace = UUID.fromString(db.text("SELECT id::text FROM workspace ORDER BY id LIMIT 1"));
        ZoneId zone = ZoneId.of(ZONE);
        LocalDate today = LocalDate.now(zone);
        Instant start = today.minusDays(29).atStartOfDay(zone).toInstant();
        Instant end = today.plusDays(1).atStartOfDay(zone).toInstant();
        ReportSql report = ReportSql.daily(workspace, ZONE, start, end)
                .orElse(new ReportSql(List.of(), ROLLUP_PATTERN, List.of(ZONE, workspace, start, end),
                        "the report pattern over task_usage_hourly (no report mapper in this build)"));
        Object[] rawParams = {workspace, start, end, ZONE};

        try (Connection connection = db.dataSource().getConnection();
             ReportOverHttp app = new ReportOverHttp(db.dataSource())) {
            List<List<String>> fromReport = reportRows(connection, report);
            List<List<String>> fromRaw = rows(connection, RAW_SCAN, rawParams);
            List<List<String>> fromHttp = app.daily(workspace, ZONE, 30);
            if (!fromReport.equals(fromRaw) || !fromHttp.equals(fromRaw)) {
                throw new IllegalStateException("the report and the raw scan disagree: " + fromReport.size() + " rows by SQL, "
                        + fromHttp.size() + " over HTTP, against " + fromRaw.size());
            }
            Bench.say(String.format("report: %d rows (day, provider, model), the same from all three; timing %s",
                    fromReport.size(), report.source()));
            Latencies reportTimes = repeat(() -> reportRows(connection, report),
                    bench.settings().reportRepeats(), Duration.ofMinutes(2));
            Latencies httpTimes = repeat(() -> app.daily(workspace, ZONE, 30),
                    bench.settings().reportRepeats(), Duration.ofMinutes(2));
            Latencies rawTimes = repeat(() -> rows(connection, RAW_SCAN, rawParams), bench.settings().reportRepeats(),
                    bench.settings().rawScanBudget());
            bench.plans().explain(db, "Report: 30-day daily report, one workspace (" + report.source() + ")",
                    report.sql(), report.parameterArray());
            bench.plans().explain(db, "Report reference: the same answer by a raw scan of task_usage", RAW_SCAN, rawParams);
            boolean atTargetSize = bench.atTenMillion();
            double httpRatio = rawTimes.p50() / httpTimes.p50();
            bench.figures().add("2 report, 30 days daily", bench.rawRows(),
                    "report-app over HTTP, one workspace, " + ZONE, httpTimes.toString(),
                    "raw scan " + rawTimes, httpRatio, ">= 50x raw scan at 10M", atTargetSize ? httpRatio >= 50 : null);
            double sqlRatio = rawTimes.p50() / reportTimes.p50();
            bench.figures().add("2 report, 30 days daily", bench.rawRows(),
                    "report SQL alone, same report", reportTimes.toString(),
                    "raw scan " + rawTimes, sqlRatio, ">= 50x raw scan at 10M", atTargetSize ? sqlRatio >= 50 : null);
        } catch (SQLException e) {
            throw new IllegalStateException("report scenario: " + e.getMessage(), e);
        }
    }

    /** One read, as the adapter makes it: one transaction, its preamble, the report's statement. */
    private static List<List<String>> reportRows(Connection connection, ReportSql report) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (String sql : report.preamble()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            }
            return rows(connection, report.sql(), report.parameterArray());
        } finally {
            connection.commit();
            connection.setAutoCommit(true);
        }
    }

    @FunctionalInterface
    private interface Read {
        List<List<String>> run() throws SQLException;
    }

    /** Runs once to warm up, then up to {@code times} times or until the budget is spent (at least 5). */
    private static Latencies repeat(Read read, int times, Duration budget) throws SQLException {
        read.run();
        List<Double> seconds = new ArrayList<>();
        long deadline = System.nanoTime() + budget.toNanos();
        while (seconds.size() < times && (seconds.size() < 5 || System.nanoTime() < deadline)) {
            long started = System.nanoTime();
            read.run();
            seconds.add((System.nanoTime() - started) / 1e9);
        }
        return new Latencies(seconds.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static List<List<String>> rows(Connection connection, String sql, Object[] params) throws SQLException {
        try (PreparedStatement statement = BenchDatabase.prepare(connection, sql, params);
             ResultSet result = statement.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (result.next()) {
                List<String> row = new ArrayList<>(columns);
                for (int c = 1; c <= columns; c++) {
                    row.add(result.getString(c));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
