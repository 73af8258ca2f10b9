package dev.tally.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Option;

/**
 * Issue 18, a busy platform: the current hour holds N rows of every workspace. For each N it measures
 * (1) the tick, every minute, with a steady stream of N / 60 new rows a minute (the dirty hour is
 * read whole); (2) one workspace's 30-day report over HTTP with no stale hour, then after one row
 * lands in another workspace (per-workspace staleness: should cost nothing), then after one row lands
 * in the workspace itself (its stale hour is read from raw); (3) writer overhead (scenario 4). Before
 * that, once per history size, the report tail ({@link ReportTail}). Prints its tables as Markdown.
 */
final class BusyPlatform {

    /** The flags of {@code --scenario busy}; a mixin so that BenchmarkMain stays as it was. */
    static final class Options {
        @Option(names = "--busy-rows", split = ",", paramLabel = "N", defaultValue = "50000,200000,1000000",
                description = "Scenario busy: rows of all workspaces in the current hour (default ${DEFAULT-VALUE}).")
        List<Long> busyRows;

        @Option(names = "--stream-ticks", defaultValue = "5",
                description = "Scenario busy: ticks measured per size, each after a minute's stream of rows (default ${DEFAULT-VALUE}).")
        int streamTicks;

        @Option(names = "--tail-seconds", defaultValue = "15",
                description = "Scenario busy: seconds of load per client count in the report tail (default ${DEFAULT-VALUE}).")
        int tailSeconds;

        @Option(names = "--tail-pools", split = ",", defaultValue = "10,16",
                description = "Scenario busy: report-app pool sizes the tail runs with; 10 is report-app's (default ${DEFAULT-VALUE}).")
        List<Integer> tailPools;
    }

    /** report-app's own pool size (ReportMain.SERVER_POOL_SIZE). */
    static final int REPORT_APP_POOL_SIZE = 10;

    /** Attributions to copy for the busy hour's new tasks: recent tasks of every workspace. */
    private static final String TEMPLATES = """
            CREATE TABLE bench_busy_template AS
            SELECT (row_number() OVER () - 1)::int AS n, s.agent_id, s.runtime_id, s.issue_id, s.provider, s.model,
                   a.workspace_id
            FROM (SELECT t.agent_id, t.runtime_id, t.issue_id, tu.provider, tu.model
                  FROM task_usage tu JOIN agent_task_queue t ON t.id = tu.task_id
                  WHERE tu.created_at >= now() - interval '7 days'
                  ORDER BY random() LIMIT 2000) s
            JOIN agent a ON a.id = s.agent_id
            """;

    /** The busy hour's next rows, written by {@link #insert}: their tasks first, then their usage. */
    private static final String SPEC_TABLE = """
            CREATE UNLOGGED TABLE bench_busy_spec (
                task_id UUID, agent_id UUID, runtime_id UUID, issue_id UUID, provider TEXT, model TEXT, at TIMESTAMPTZ)
            """;

    /** {@code ?} new tasks, one usage row each, created in the hour {@code ?} (of the template's workspaces {@code ?}). */
    private static final String SPEC_BUSY = """
            INSERT INTO bench_busy_spec
            WITH template AS MATERIALIZED (
                SELECT row_number() OVER () - 1 AS n, b.agent_id, b.runtime_id, b.issue_id, b.provider, b.model
                FROM bench_busy_template b
                WHERE b.workspace_id = ANY (?::uuid[])
            )
            SELECT gen_random_uuid(), t.agent_id, t.runtime_id, t.issue_id, t.provider, t.model,
                   ?::timestamptz + random() * interval '3599 seconds'
            FROM generate_series(0, ? - 1) g
            JOIN template t ON t.n = g % (SELECT count(*) FROM template)
            """;

    private static final String INSERT_BUSY_TASKS = """
            INSERT INTO agent_task_queue (id, agent_id, runtime_id, issue_id, status, created_at, completed_at)
            SELECT task_id, agent_id, runtime_id, issue_id, 'completed', at - interval '2 minutes', at FROM bench_busy_spec
            """;

    /**
     * In a statement of its own, as a platform reports usage of a task it created earlier: a usage row
     * written in the same statement as its task cannot record the task's workspace (V008).
     */
    private static final String INSERT_BUSY_USAGE = """
            INSERT INTO task_usage (task_id, provider, model, input_tokens, output_tokens, cache_read_tokens,
                                    cache_write_tokens, created_at)
            SELECT task_id, provider, model, (300 + 20000 * random() ^ 2)::bigint, (50 + 3000 * random())::bigint,
                   (40000 * random())::bigint, (2000 * random())::bigint, at
            FROM bench_busy_spec
            """;

    private static final int REPORT_DAYS = 30;
    private static final int REPORT_SAMPLES = 15;
    private static final int OWN_WRITE_SAMPLES = 5;
    private static final Duration TICK_INTERVAL = Duration.ofMinutes(1);

    private final Bench bench;
    private final FullRebuild rebuild;
    private final Options options;
    private final RunRollupTick tick;
    private final List<String> tickRows = new ArrayList<>();
    private final List<String> reportRows = new ArrayList<>();
    private final List<String> tailRows = new ArrayList<>();

    BusyPlatform(Bench bench, FullRebuild rebuild, Options options) {
        this.bench = bench;
        this.rebuild = rebuild;
        this.options = options;
        this.tick = new RunRollupTick(bench.tally().hourlyRollupStore(Duration.ofHours(2)),
                bench.tally().rollupFailureLog(), new RollupPolicy(Duration.ZERO, Duration.ofDays(1)), Clock.systemUTC());
    }

    void run() {
        BenchDatabase db = bench.db();
        db.update(TEMPLATES);
        db.update(SPEC_TABLE);
        UUID workspace = UUID.fromString(db.text("SELECT id::text FROM workspace ORDER BY id LIMIT 1"));
        UUID[] everyWorkspace = Arrays.stream(db.text(
                        "SELECT string_agg(DISTINCT workspace_id::text, ',') FROM bench_busy_template").split(","))
                .map(UUID::fromString).toArray(UUID[]::new);
        UUID[] others = Arrays.stream(everyWorkspace).filter(w -> !w.equals(workspace)).toArray(UUID[]::new);
        Instant hour = db.instant("SELECT date_trunc('hour', now())");
        Bench.say(String.format("busy: the current hour %s, %d workspaces, the report's workspace %s", hour,
                everyWorkspace.length, workspace));
        // The tail first: it depends on history, not on the busy hour, and the larger sizes may not get further in time.
        new ReportTail(bench, workspace, options.tailPools, Duration.ofSeconds(options.tailSeconds), tailRows).run();

        try (HikariDataSource reportPool = db.openPool("report-app", REPORT_APP_POOL_SIZE);
             ReportOverHttp app = new ReportOverHttp(reportPool)) {
            long inHour = db.count("SELECT count(*) FROM task_usage WHERE created_at >= ? AND created_at < ? + interval '1 hour'",
                    hour, hour);
            for (long busy : options.busyRows) {
                long streamPerMinute = Math.max(1, busy / 60);
                long toAdd = busy - inHour - (long) options.streamTicks * streamPerMinute;
                if (toAdd > 0) {
                    Bench.say(String.format("busy %,d: loading %,d rows into the current hour", busy, toAdd));
                    insert(everyWorkspace, hour, toAdd);
                }
                catchUp("busy " + busy + ": catch-up tick after the load");
                measureTicks(busy, everyWorkspace, hour, streamPerMinute);
                inHour = db.count("SELECT count(*) FROM task_usage WHERE created_at >= ? AND created_at < ? + interval '1 hour'",
                        hour, hour);
                bench.verifyRollup("the busy hour's ticks at " + busy);
                measureReports(app, inHour, workspace, others, hour);
                new WriterOverhead(bench).run();
                // Its rounds without triggers leave reassigned keys unqueued: rebuild, as scenario 4 runs last in issue 8.
                rebuild.fillWithoutBackfill();
                // They also leave their rows in this hour recording no workspace (V008), which the next
                // size's report would read with its own: record them, as the platform's writes would have.
                db.update("""
                        UPDATE task_usage tu SET workspace_id = ta.workspace_id
                        FROM task_attribution ta
                        WHERE ta.task_id = tu.task_id AND tu.workspace_id IS NULL AND tu.created_at >= ?
                        """, hour);
                inHour = db.count("SELECT count(*) FROM task_usage WHERE created_at >= ? AND created_at < ? + interval '1 hour'",
                        hour, hour);
            }
        }
    }

    private void insert(UUID[] workspaces, Instant hour, long rows) {
        String[] ids = Arrays.stream(workspaces).map(UUID::toString).toArray(String[]::new);
        BenchDatabase db = bench.db();
        db.update("TRUNCATE bench_busy_spec");
        db.update(SPEC_BUSY, ids, hour, rows);
        db.update(INSERT_BUSY_TASKS);
        db.update(INSERT_BUSY_USAGE);
    }

    private TickOutcome.Completed catchUp(String what) {
        TickOutcome.Completed completed = tickOnce(what);
        Bench.say(String.format("%s: %s, %,d keys", what, Figures.seconds(seconds(completed)),
                completed.counts().keysRecomputed()));
        return completed;
    }

    private TickOutcome.Completed tickOnce(String what) {
        TickOutcome outcome = tick.tick();
        if (!(outcome instanceof TickOutcome.Completed completed) || !completed.caughtUp()) {
            throw new IllegalStateException(what + ": the tick did not complete and catch up: " + outcome);
        }
        return completed;
    }

    /** Each tick after one minute's stream of new rows in the busy hour (the interval is not waited out). */
    private void measureTicks(long busy, UUID[] workspaces, Instant hour, long perMinute) {
        double[] seconds = new double[options.streamTicks];
        long keys = 0;
        for (int i = 0; i < seconds.length; i++) {
            insert(workspaces, hour, perMinute);
            TickOutcome.Completed completed = tickOnce("busy " + busy + ": stream tick " + (i + 1));
            seconds[i] = seconds(completed);
            keys = Math.max(keys, completed.counts().keysRecomputed());
        }
        Latencies ticks = new Latencies(seconds);
        long rowsInHour = bench.db().count(
                "SELECT count(*) FROM task_usage WHERE created_at >= ? AND created_at < ? + interval '1 hour'", hour, hour);
        double maximum = Arrays.stream(seconds).max().orElseThrow();
        Bench.say(String.format("busy %,d: ticks %s", busy, ticks));
        tickRows.add(String.format("| %,d | %,d | %,d | %s | %s | %,d | %.1f%% |", bench.rawRows(), rowsInHour, perMinute,
                Figures.seconds(ticks.p50()), Figures.seconds(maximum), keys,
                100 * maximum / TICK_INTERVAL.toSeconds()));
    }

    /** The workspace's report: clean, after a row in another workspace, after a row in its own. */
    private void measureReports(ReportOverHttp app, long rowsInHour, UUID workspace, UUID[] others, Instant hour) {
        BenchDatabase db = bench.db();
        List<List<String>> clean = app.daily(workspace, Reports.VIEWER_ZONE, REPORT_DAYS);
        Latencies noStale = times(app, workspace, REPORT_SAMPLES);
        insert(new UUID[] {others[0]}, hour, 1);
        long staleForWorkspace = db.count("SELECT count(*) FROM task_usage_hourly_stale_hours(now() - interval '31 days', 'infinity', ?)",
                workspace);
        long staleForAny = db.count("SELECT count(*) FROM task_usage_hourly_stale_hours(now() - interval '31 days', 'infinity')");
        if (!app.daily(workspace, Reports.VIEWER_ZONE, REPORT_DAYS).equals(clean)) {
            throw new IllegalStateException("a row in another workspace changed this workspace's report");
        }
        Latencies otherDirty = times(app, workspace, REPORT_SAMPLES);
        insert(new UUID[] {workspace}, hour, 1);
        Latencies ownDirty = times(app, workspace, OWN_WRITE_SAMPLES);
        Bench.say(String.format("busy, %,d rows in the hour: report clean %s; another workspace dirty (stale hours: %d for "
                + "this workspace, %d platform-wide) %s; own row %s", rowsInHour, noStale, staleForWorkspace, staleForAny,
                otherDirty, ownDirty));
        reportRows.add(String.format("| %,d | %,d | %s | %s | %.2f | %s | %s | %.1f |", bench.rawRows(), rowsInHour,
                Figures.seconds(noStale.p50()), Figures.seconds(otherDirty.p50()), otherDirty.p50() / noStale.p50(),
                otherDirty.p50() / noStale.p50() <= 2 ? "met" : "**missed**", Figures.seconds(ownDirty.p50()),
                ownDirty.p50() / noStale.p50()));
        catchUp("busy: tick after the report's writes");
    }

    private static Latencies times(ReportOverHttp app, UUID workspace, int samples) {
        app.daily(workspace, Reports.VIEWER_ZONE, REPORT_DAYS);
        double[] seconds = new double[samples];
        for (int i = 0; i < samples; i++) {
            long started = System.nanoTime();
            app.daily(workspace, Reports.VIEWER_ZONE, REPORT_DAYS);
            seconds[i] = (System.nanoTime() - started) / 1e9;
        }
        return new Latencies(seconds);
    }

    private static double seconds(TickOutcome.Completed completed) {
        return completed.duration().toNanos() / 1e9;
    }

    void print(PrintStream out) {
        out.println("Tick every minute against the busy hour (the stream's rows land in the current hour; the minute is not waited out):");
        out.println();
        out.println("| History (raw rows) | Rows in the current hour | New rows a minute | Tick p50 | Tick max | Keys | Max share of a 1-minute interval |");
        out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        tickRows.forEach(out::println);
        out.println();
        out.println("One workspace's 30-day daily report over HTTP (" + Reports.VIEWER_ZONE + ", p50 of " + REPORT_SAMPLES
                + "; own row: p50 of " + OWN_WRITE_SAMPLES + "):");
        out.println();
        out.println("| History (raw rows) | Rows in the current hour | No stale hour | One row in another workspace | Ratio | Target <= 2x | One row in this workspace | Ratio |");
        out.println("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
        reportRows.forEach(out::println);
        out.println();
        out.println("Report tail over HTTP (closed loop, each client one request at a time):");
        out.println();
        out.println(ReportTail.HEADER);
        tailRows.forEach(out::println);
    }
}
