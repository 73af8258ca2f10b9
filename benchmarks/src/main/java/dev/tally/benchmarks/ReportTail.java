package dev.tally.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The report tail (issue 18): 1, 4 and 16 clients, each asking report-app over HTTP for one
 * workspace's 30-day daily report in a closed loop, for a fixed time; p50 and p99 of the requests,
 * and where the time went: waiting for a pooled connection (Hikari's acquire time) against holding
 * one (the report's statements), and the JVM's garbage collection in the same interval.
 */
final class ReportTail {

    static final String HEADER = """
            | History (raw rows) | Pool | Clients | Requests | p50 | p99 | p99 / p50 | Pool wait p50 / p99 | Connection held p50 / p99 | GC in run |
            | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |""";

    private static final int[] CLIENTS = {1, 4, 16};

    /** Hikari's own timings of every connection acquired and released. */
    private static final class PoolTimings implements IMetricsTracker {
        private final List<Double> waits = Collections.synchronizedList(new ArrayList<>());
        private final List<Double> held = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
            waits.add(elapsedAcquiredNanos / 1e9);
        }

        @Override
        public void recordConnectionUsageMillis(long elapsedBorrowedMillis) {
            held.add(elapsedBorrowedMillis / 1e3);
        }

        void clear() {
            waits.clear();
            held.clear();
        }

        String waits() {
            return summary(waits);
        }

        String held() {
            return summary(held);
        }

        private static String summary(List<Double> values) {
            synchronized (values) {
                if (values.isEmpty()) {
                    return "";
                }
                Latencies latencies = new Latencies(values.stream().mapToDouble(Double::doubleValue).toArray());
                return Figures.seconds(latencies.p50()) + " / " + Figures.seconds(latencies.p99());
            }
        }
    }

    private final Bench bench;
    private final UUID workspace;
    private final List<Integer> poolSizes;
    private final Duration perRun;
    private final List<String> rows;

    ReportTail(Bench bench, UUID workspace, List<Integer> poolSizes, Duration perRun, List<String> rows) {
        this.bench = bench;
        this.workspace = workspace;
        this.poolSizes = poolSizes;
        this.perRun = perRun;
        this.rows = rows;
    }

    void run() {
        for (int poolSize : poolSizes) {
            PoolTimings timings = new PoolTimings();
            try (HikariDataSource pool = bench.db().openPool("report-app", poolSize);
                 ReportOverHttp app = new ReportOverHttp(pool)) {
                pool.setMetricsTrackerFactory((name, stats) -> timings);
                for (int clients : CLIENTS) {
                    measure(app, timings, poolSize, clients);
                }
            }
        }
    }

    private void measure(ReportOverHttp app, PoolTimings timings, int poolSize, int clients) {
        ExecutorService executor = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> warmUps = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                warmUps.add(executor.submit(() -> app.daily(workspace, Reports.VIEWER_ZONE, 30)));
            }
            for (Future<?> warmUp : warmUps) {
                warmUp.get();
            }
            timings.clear();
            List<Future<List<Double>>> futures = new ArrayList<>();
            long gcBefore = gcMillis();
            long deadline = System.nanoTime() + perRun.toNanos();
            for (int c = 0; c < clients; c++) {
                futures.add(executor.submit(() -> {
                    List<Double> seconds = new ArrayList<>();
                    while (System.nanoTime() < deadline) {
                        long started = System.nanoTime();
                        app.daily(workspace, Reports.VIEWER_ZONE, 30);
                        seconds.add((System.nanoTime() - started) / 1e9);
                    }
                    return seconds;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> future : futures) {
                all.addAll(future.get());
            }
            long gc = gcMillis() - gcBefore;
            Latencies latencies = new Latencies(all.stream().mapToDouble(Double::doubleValue).toArray());
            Bench.say(String.format("tail: pool %d, %d clients: %s; pool wait %s, connection held %s, GC %d ms", poolSize,
                    clients, latencies, timings.waits(), timings.held(), gc));
            rows.add(String.format("| %,d | %d | %d | %,d | %s | %s | %.1f | %s | %s | %d ms |", bench.rawRows(), poolSize,
                    clients, latencies.count(), Figures.seconds(latencies.p50()), Figures.seconds(latencies.p99()),
                    latencies.p99() / latencies.p50(), timings.waits(), timings.held(), gc));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("report tail: " + e.getCause().getMessage(), e.getCause());
        } finally {
            executor.shutdownNow();
        }
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
