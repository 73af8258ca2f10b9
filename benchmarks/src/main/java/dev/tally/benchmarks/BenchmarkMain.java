package dev.tally.benchmarks;

import dev.tally.app.CommandLines;
import dev.tally.app.DatabaseOptions;
import dev.tally.migrations.Migrations;
import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.workload.GeneratedWorkload;
import dev.tally.workload.WorkloadGenerator;
import dev.tally.workload.WorkloadShape;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code java -jar benchmarks/target/benchmarks.jar [--quick] [--rows N,...]}: for each history
 * size, a fresh database, a generated workload, and the scenarios of issue 8; then one table.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = {"Tally's benchmarks (issue 8): for each history size, creates a fresh database tally_bench_*,",
                "migrates it, generates a workload, measures the tick, reports, full rebuild and writer overhead",
                "side by side with their references, prints a Markdown table, and drops the database."})
public final class BenchmarkMain implements Callable<Integer> {

    @Option(names = "--rows", split = ",", paramLabel = "N",
            description = "History sizes in raw usage rows (default 1000000,10000000; with --quick 200000,1000000).")
    List<Long> rows;

    @Option(names = "--quick", description = "Smaller sizes and fewer repetitions: a few minutes, for CI-sized checks.")
    boolean quick;

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            defaultValue = "${env:TALLY_BENCH_DB_URL:-jdbc:postgresql://127.0.0.1:5432/postgres}",
            description = "A database on the server to benchmark on, used only to create and drop the benchmark's "
                    + "databases (env TALLY_BENCH_DB_URL, default ${DEFAULT-VALUE}).")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "${env:TALLY_DB_USER:-postgres}",
            description = "Database user; needs CREATEDB, and superuser for the nested plans and checkpoints (default ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", defaultValue = "${env:TALLY_DB_PASSWORD:-}",
            description = "Database password (default empty).")
    String dbPassword;

    @Option(names = "--keep", description = "Keep the databases instead of dropping them at the end.")
    boolean keep;

    @Option(names = "--plans", paramLabel = "FILE", defaultValue = "benchmark-plans.md",
            description = "Where to write the EXPLAIN (ANALYZE, BUFFERS) plans of the hot statements (default ${DEFAULT-VALUE}).")
    Path plansFile;

    @Option(names = "--new-rows", defaultValue = "10000", description = "Pattern (a): new usage rows (default ${DEFAULT-VALUE}).")
    int newRows;

    @Option(names = "--reassignments", defaultValue = "1000", description = "Pattern (a): task reassignments (default ${DEFAULT-VALUE}).")
    int reassignments;

    @Option(names = "--corrections", defaultValue = "10000", description = "Pattern (b): scattered corrections (default ${DEFAULT-VALUE}).")
    int corrections;

    @Option(names = "--seed-timeout", defaultValue = "PT5M", paramLabel = "DURATION",
            description = "Cancel the seed's recompute after this long and report it as a lower bound (default ${DEFAULT-VALUE}).")
    Duration seedTimeout;

    @Option(names = "--backfill-slice", defaultValue = "P7D", description = "Backfill slice length: P1D, P7D or P1M (default ${DEFAULT-VALUE}).")
    String backfillSlice;

    @Option(names = "--scenario", defaultValue = "issue8", paramLabel = "NAME",
            description = "issue8 (scenarios 0-5), rebuild (scenarios 0, 3 and 5: the backfill, verify and rollup size"
                    + " alone) or busy (issue 18: a busy current hour; implies --skip-backfill) (default ${DEFAULT-VALUE}).")
    Scenario scenario;

    /** What a run measures on each size. */
    enum Scenario { ISSUE8, REBUILD, BUSY }

    @Mixin
    BusyPlatform.Options busy;

    @Option(names = "--skip-backfill",
            description = "Leave out scenario 3 (the backfill is slow at large sizes): fill the rollup with one INSERT instead.")
    boolean skipBackfill;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new BenchmarkMain(), args));
    }

    @Override
    public Integer call() {
        List<Long> sizes = rows != null ? rows : quick ? List.of(200_000L, 1_000_000L) : List.of(1_000_000L, 10_000_000L);
        Bench.Settings settings = new Bench.Settings(newRows, reassignments, corrections, quick ? 100 : 300,
                Duration.ofSeconds(quick ? 20 : 90), quick ? 2_000 : 10_000, quick ? 100 : 300, seedTimeout,
                backfillSlice, 1_000_000L);
        DatabaseOptions server = new DatabaseOptions(dbUrl, dbUser, dbPassword);
        Figures figures = new Figures();
        Plans plans = new Plans(plansFile);
        startPlans(sizes);
        Map<Long, Double> everydayTicks = new LinkedHashMap<>();
        for (long size : sizes) {
            double everyday = runSize(server, size, settings, figures, plans);
            if (!Double.isNaN(everyday)) {
                everydayTicks.put(size, everyday);
            }
        }
        addGrowth(figures, everydayTicks);
        PrintStream out = System.out;
        out.println();
        out.println("Tally benchmarks, " + Instant.now() + ", sizes " + sizes + (quick ? " (quick)" : ""));
        out.println();
        figures.print(out);
        out.println();
        out.println("Plans: " + plansFile.toAbsolutePath());
        return CommandLines.OK;
    }

    private double runSize(DatabaseOptions server, long size, Bench.Settings settings, Figures figures, Plans plans) {
        String name = "tally_bench_" + ProcessHandle.current().pid() + "_" + size;
        Bench.say("=== " + String.format("%,d", size) + " raw rows: database " + name);
        try (BenchDatabase db = BenchDatabase.create(server, name, keep)) {
            Migrations.of(db.dataSource()).migrate();
            Bench.say("server: " + db.text("SELECT version()") + "; shared_buffers "
                    + db.text("SELECT current_setting('shared_buffers')") + ", work_mem "
                    + db.text("SELECT current_setting('work_mem')"));
            GeneratedWorkload workload = new WorkloadGenerator(db.dataSource(), line -> Bench.say("workload: " + line))
                    .generate(WorkloadShape.benchmark(size));
            Bench.say("workload: " + workload);
            Bench.say("sizes: " + db.text("""
                    SELECT format('task_usage %s, agent_task_queue %s (with indexes)',
                                  pg_size_pretty(pg_total_relation_size('task_usage')),
                                  pg_size_pretty(pg_total_relation_size('agent_task_queue')))
                    """));
            plans.atSize(workload.rawRows());
            Bench bench = new Bench(db, TallyPostgres.create(db.dataSource()), SeedPipeline.load(db), plans, figures,
                    settings, size, workload.rawRows());
            figures.add("0 workload", workload.rawRows(), String.format(
                    "%,d hourly keys, %.1f raw rows per hourly row, 90 days", workload.hourlyKeys(),
                    workload.rawRowsPerHourlyRow()), "generated in " + Figures.seconds(workload.took().toMillis() / 1000.0),
                    db.text("SELECT 'task_usage ' || pg_size_pretty(pg_total_relation_size('task_usage'))"),
                    Double.NaN, "5-10 rows per hourly row", workload.rawRowsPerHourlyRow() >= 5
                            && workload.rawRowsPerHourlyRow() <= 10);

            FullRebuild rebuild = new FullRebuild(bench);
            if (scenario == Scenario.BUSY) {
                rebuild.fillWithoutBackfill();
                BusyPlatform platform = new BusyPlatform(bench, rebuild, busy);
                platform.run();
                platform.print(System.out);
                return Double.NaN;
            }
            if (skipBackfill) {
                rebuild.fillWithoutBackfill();
            } else {
                rebuild.run();
            }
            String rollupSize = db.text("""
                    SELECT format('task_usage_hourly %s rows, %s; task_usage_hourly_quarter %s rows, %s; together %s',
                                  (SELECT count(*) FROM task_usage_hourly),
                                  pg_size_pretty(pg_total_relation_size('task_usage_hourly')),
                                  (SELECT count(*) FROM task_usage_hourly_quarter),
                                  pg_size_pretty(pg_total_relation_size('task_usage_hourly_quarter')),
                                  pg_size_pretty(pg_total_relation_size('task_usage_hourly')
                                                 + pg_total_relation_size('task_usage_hourly_quarter')))
                    """);
            Bench.say("rollup: " + rollupSize);
            figures.add("5 rollup size", workload.rawRows(), "rows and bytes with indexes, after the fill", rollupSize,
                    "", Double.NaN, "", null);
            if (scenario == Scenario.REBUILD) {
                return Double.NaN;
            }
            bench.seed().copyRollupFromTally();
            TickCost ticks = new TickCost(bench, rebuild);
            ticks.everydayRounds();
            double everyday = ticks.everyday();
            ticks.adversarial();
            new Reports(bench).run();
            new WriterOverhead(bench).run();
            return everyday;
        }
    }

    /** The everyday tick should not grow with history: the largest size's tick against the smallest's. */
    private static void addGrowth(Figures figures, Map<Long, Double> everydayTicks) {
        if (everydayTicks.size() < 2) {
            return;
        }
        List<Map.Entry<Long, Double>> bySize = everydayTicks.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        Map.Entry<Long, Double> small = bySize.get(0);
        Map.Entry<Long, Double> large = bySize.get(bySize.size() - 1);
        double growth = large.getValue() / small.getValue();
        boolean atTarget = small.getKey() == 1_000_000L && large.getKey() == 10_000_000L;
        figures.add("1a tick growth", large.getKey(), String.format("tick at %,d / tick at %,d rows", large.getKey(),
                small.getKey()), Figures.seconds(large.getValue()), "tick at smaller size " + Figures.seconds(small.getValue()),
                growth, "<= 1.5 (1M to 10M)", atTarget ? growth <= 1.5 : null);
    }

    private void startPlans(List<Long> sizes) {
        try {
            Files.writeString(plansFile, "# Plans of the hot statements, sizes " + sizes + ", " + Instant.now() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
