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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Scenario 2: a 30-day daily report of one workspace in several viewers' timezones (whole-hour,
 * :30 and :45 offsets, and UTC, on the same data), through report-app over HTTP and through its
 * SQL alone, against the same answer computed by a raw scan of task_usage. The three answers are
 * compared before anything is timed. SQL latencies on one warm connection; HTTP latencies of one
 * client on loopback.
 */
final class Reports {

    /** New York as before issue 14; Kolkata (+05:30) and Kathmandu (+05:45) split an hour every day; UTC is the floor. */
    static final List<String> ZONES = List.of("America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "UTC");
    /** The viewer of the scenarios that take one zone (busy platform, report tail). */
    static final String VIEWER_ZONE = "America/New_York";
    private static final String FLOOR_ZONE = "UTC";
    private static final Set<String> SPLIT_ZONES = Set.of("Asia/Kolkata", "Asia/Kathmandu");

    /**
     * The report SQL alone: what the adapter's daily statement runs, for one workspace. The database
     * function gives buckets inside one local day each; the report groups them by local date.
     */
    private static final String DAILY = """
            SELECT (u.bucket_start AT TIME ZONE ?)::date AS day, lower(u.provider) AS provider, u.model,
                   sum(u.input_tokens)::bigint, sum(u.output_tokens)::bigint, sum(u.cache_read_tokens)::bigint,
                   sum(u.cache_write_tokens)::bigint, sum(u.task_count)::bigint, sum(u.event_count)::bigint
            FROM task_usage_hourly_current(?, ?, ?) u
            WHERE u.workspace_id = ?
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """;

    /**
     * What the adapter sends first in the report's transaction: a consistent snapshot, a timeout,
     * JIT off, a plan for each report's own arguments.
     */
    private static final List<String> PREAMBLE = List.of(
            "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
            "SELECT set_config('statement_timeout', '60000', true), set_config('jit', 'off', true), "
                    + "set_config('plan_cache_mode', 'force_custom_plan', true)");

    /**
     * The same answer from the raw rows, bucketed as the rollup buckets them (task_count counts
     * distinct tasks per bucket): whole UTC hours, or quarters of the hours a local midnight splits.
     */
    private static final String RAW_SCAN = """
            WITH raw AS (
                SELECT date_trunc('hour', tu.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour, tu.*,
                       t.runtime_id, t.agent_id, i.project_id
                FROM task_usage tu
                JOIN agent_task_queue t ON t.id = tu.task_id
                JOIN agent a ON a.id = t.agent_id
                LEFT JOIN issue i ON i.id = t.issue_id
                WHERE a.workspace_id = ? AND tu.created_at >= ? AND tu.created_at < ?
            ),
            per_bucket AS (
                SELECT CASE WHEN (hour AT TIME ZONE ?)::date
                                 <> ((hour + INTERVAL '1 hour' - INTERVAL '1 microsecond') AT TIME ZONE ?)::date
                            THEN hour + floor(extract(epoch FROM created_at - hour) / 900) * INTERVAL '15 minutes'
                            ELSE hour END AS bucket_start,
                       runtime_id, agent_id, project_id, provider, model,
                       sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
                       sum(cache_read_tokens) AS cache_read_tokens, sum(cache_write_tokens) AS cache_write_tokens,
                       count(DISTINCT task_id) AS task_count, count(*) AS event_count
                FROM raw
                GROUP BY 1, 2, 3, 4, 5, 6
            )
            SELECT (bucket_start AT TIME ZONE ?)::date AS day, lower(provider) AS provider, model,
                   sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cache_read_tokens)::bigint,
                   sum(cache_write_tokens)::bigint, sum(task_count)::bigint, sum(event_count)::bigint
            FROM per_bucket
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """;

    /** One zone's timings. */
    private record Timed(Latencies http, Latencies sql, Latencies raw) {
    }

    /** One zone's 30 local days and the parameters of its report and raw-scan statements. */
    private record ZoneWindow(String zone, Object[] reportParams, Object[] rawParams) {

        static ZoneWindow lastThirtyDays(UUID workspace, String zoneName) {
            ZoneId zone = ZoneId.of(zoneName);
            LocalDate today = LocalDate.now(zone);
            Instant start = today.minusDays(29).atStartOfDay(zone).toInstant();
            Instant end = today.plusDays(1).atStartOfDay(zone).toInstant();
            return new ZoneWindow(zoneName, new Object[] {zoneName, start, end, zoneName, workspace},
                    new Object[] {workspace, start, end, zoneName, zoneName, zoneName});
        }
    }

    private final Bench bench;

    Reports(Bench bench) {
        this.bench = bench;
    }

    void run() {
        BenchDatabase db = bench.db();
        UUID workspace = UUID.fromString(db.text("SELECT id::text FROM workspace ORDER BY id LIMIT 1"));
        Map<String, Timed> byZone = new LinkedHashMap<>();
        List<ZoneWindow> windows = ZONES.stream().map(zone -> ZoneWindow.lastThirtyDays(workspace, zone)).toList();
        try (Connection connection = db.dataSource().getConnection();
             ReportOverHttp app = new ReportOverHttp(db.dataSource())) {
            List<Read> reads = new ArrayList<>();
            for (ZoneWindow window : windows) {
                checkAgainstTheRawScan(connection, app, workspace, window);
                reads.add(() -> reportRows(connection, window.reportParams()));
            }
            for (ZoneWindow window : windows) {
                reads.add(() -> app.daily(workspace, window.zone(), 30));
            }
            // The zones take turns, one request each per round, so a change of load hits them alike.
            List<Latencies> inTurn = repeatInTurn(reads, bench.settings().reportRepeats(),
                    Duration.ofMinutes(4L * windows.size()));
            for (int i = 0; i < windows.size(); i++) {
                ZoneWindow window = windows.get(i);
                Latencies rawTimes = repeat(() -> rows(connection, RAW_SCAN, window.rawParams()),
                        bench.settings().reportRepeats(), bench.settings().rawScanBudget());
                Timed timed = new Timed(inTurn.get(windows.size() + i), inTurn.get(i), rawTimes);
                Bench.say(String.format("report, %s: over HTTP %s, SQL alone %s, raw scan %s",
                        window.zone(), timed.http(), timed.sql(), timed.raw()));
                bench.plans().explain(db, "Report: 30-day daily report, one workspace, " + window.zone()
                        + " (task_usage_hourly_current grouped by local date)", DAILY, window.reportParams());
                bench.plans().explain(db, "Report reference: the same answer by a raw scan of task_usage, "
                        + window.zone(), RAW_SCAN, window.rawParams());
                byZone.put(window.zone(), timed);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report scenario: " + e.getMessage(), e);
        }
        boolean atTargetSize = bench.atTenMillion();
        Timed floor = byZone.get(FLOOR_ZONE);
        byZone.forEach((zone, timed) -> {
            double httpRatio = timed.raw().p50() / timed.http().p50();
            bench.figures().add("2 report, 30 days daily", bench.rawRows(),
                    "report-app over HTTP, one workspace, " + zone, timed.http().toString(),
                    "raw scan " + timed.raw(), httpRatio, ">= 50x raw scan at 10M", atTargetSize ? httpRatio >= 50 : null);
            double sqlRatio = timed.raw().p50() / timed.sql().p50();
            bench.figures().add("2 report, 30 days daily", bench.rawRows(),
                    "report SQL alone, same report, " + zone, timed.sql().toString(),
                    "raw scan " + timed.raw(), sqlRatio, ">= 50x raw scan at 10M", atTargetSize ? sqlRatio >= 50 : null);
            if (SPLIT_ZONES.contains(zone)) {
                // Here the ratio is "how many times UTC's time": 1.5 at most.
                double againstFloor = timed.http().p50() / floor.http().p50();
                bench.figures().add("2 report, 30 days daily", bench.rawRows(),
                        "report-app over HTTP, " + zone + " against " + FLOOR_ZONE + " (ratio: times UTC's p50)",
                        timed.http().toString(), FLOOR_ZONE + " " + floor.http(), againstFloor, "<= 1.5x UTC",
                        atTargetSize ? againstFloor <= 1.5 : null);
            }
        });
    }

    /** The three answers, by SQL, over HTTP and by the raw scan, must be the same before anything is timed. */
    private static void checkAgainstTheRawScan(Connection connection, ReportOverHttp app, UUID workspace,
                                               ZoneWindow window) throws SQLException {
        List<List<String>> fromReport = reportRows(connection, window.reportParams());
        List<List<String>> fromRaw = rows(connection, RAW_SCAN, window.rawParams());
        List<List<String>> fromHttp = app.daily(workspace, window.zone(), 30);
        if (!fromReport.equals(fromRaw) || !fromHttp.equals(fromRaw)) {
            throw new IllegalStateException("the report and the raw scan disagree in " + window.zone() + ": "
                    + fromReport.size() + " rows by SQL, " + fromHttp.size() + " over HTTP, against " + fromRaw.size());
        }
        Bench.say(String.format("report, %s: %d rows (day, provider, model), the same from all three",
                window.zone(), fromReport.size()));
    }

    /** One read, as the adapter makes it: one transaction, its preamble, the report's statement. */
    private static List<List<String>> reportRows(Connection connection, Object[] params) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (String sql : PREAMBLE) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
            }
            return rows(connection, DAILY, params);
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
        return repeatInTurn(List.of(read), times, budget).get(0);
    }

    /**
     * Runs each read once to warm up, then rounds of each read in turn, up to {@code times} rounds
     * or until the budget is spent (at least 5); one {@link Latencies} per read, in order.
     */
    private static List<Latencies> repeatInTurn(List<Read> reads, int times, Duration budget) throws SQLException {
        for (Read read : reads) {
            read.run();
        }
        List<double[]> seconds = new ArrayList<>();
        for (int i = 0; i < reads.size(); i++) {
            seconds.add(new double[times]);
        }
        long deadline = System.nanoTime() + budget.toNanos();
        int rounds = 0;
        while (rounds < times && (rounds < 5 || System.nanoTime() < deadline)) {
            for (int i = 0; i < reads.size(); i++) {
                long started = System.nanoTime();
                reads.get(i).run();
                seconds.get(i)[rounds] = (System.nanoTime() - started) / 1e9;
            }
            rounds++;
        }
        List<Latencies> latencies = new ArrayList<>();
        for (double[] oneRead : seconds) {
            latencies.add(new Latencies(Arrays.copyOf(oneRead, rounds)));
        }
        return latencies;
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
