package dev.tally.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.report.RunningReportApp.Response;
import dev.tally.testing.TestDatabase;
import dev.tally.workload.GeneratedWorkload;
import dev.tally.workload.WorkloadGenerator;
import dev.tally.workload.WorkloadShape;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * report-app under concurrent clients on loopback, on a realistic history (the workload
 * generator's), while rollup ticks run: a ticker marks random hours changed (their usage touched,
 * not altered) and rolls them up again, so every report reads a mix of rolled-up and stale hours
 * that keeps shifting. Every response must be a 200 equal to the single-threaded read made before
 * the load. Throughput and latency are printed as a figure, never a gate.
 */
class ConcurrentClientsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final WorkloadShape HISTORY = new WorkloadShape(3, 2, 30, 20_000, 20, 10, 5);
    private static final String VIEWER = "demo@sample.tally.dev";
    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 40;
    private static final Duration BETWEEN_TICKS = Duration.ofMillis(250);
    private static final Duration AT_MOST = Duration.ofSeconds(90);

    private static RunningReportApp app;
    private static String token;
    private static GeneratedWorkload history;
    /** Every request the clients make, and what a single client read for it before the load. */
    private static final Map<String, JsonNode> EXPECTED = new LinkedHashMap<>();

    @BeforeAll
    static void aRolledUpHistoryAndTheReportsOfASingleClient() {
        history = new WorkloadGenerator(db.dataSource(), line -> { }).generate(HISTORY);
        RollupTicks.tickUntilCaughtUp(db.dataSource());
        app = RunningReportApp.start(db.dataSource(), Clock.systemUTC());
        token = app.tokenFor(VIEWER);
        List<UUID> workspaces = db.sql().query("SELECT id FROM workspace ORDER BY id", row -> row.getObject(1, UUID.class));
        List<UUID> runtimes = db.sql().query("SELECT id FROM agent_runtime ORDER BY id", row -> row.getObject(1, UUID.class));
        // Explicit dates inside the history, so a local midnight passing during the test changes no answer.
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String range = "from=" + today.minusDays(26) + "&to=" + today.minusDays(2);
        for (UUID workspace : workspaces) {
            for (String tz : List.of("UTC", "America/New_York", "Asia/Kolkata", "Asia/Tokyo")) {
                String base = "/api/workspaces/" + workspace + "/usage/";
                EXPECTED.put(base + "daily?" + range + "&tz=" + tz, null);
                EXPECTED.put(base + "weekly?" + range + "&tz=" + tz, null);
                EXPECTED.put(base + "by-agent?" + range + "&tz=" + tz, null);
                EXPECTED.put(base + "by-project?" + range + "&tz=" + tz, null);
                EXPECTED.put(base + "by-runtime?" + range + "&tz=" + tz, null);
            }
        }
        runtimes.forEach(runtime -> EXPECTED.put("/api/runtimes/" + runtime + "/usage?" + range, null));
        long started = System.nanoTime();
        for (String request : List.copyOf(EXPECTED.keySet())) {
            Response response = app.get(request, token);
            assertThat(response.status()).as(request + ": " + response.body()).isEqualTo(200);
            assertThat(response.json().path("rows").size()).as(request).isPositive();
            EXPECTED.put(request, comparable(response));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("[ConcurrentClientsIT] one client, no ticks: %d requests in %.1f s, %.0f requests/s%n",
                EXPECTED.size(), seconds, EXPECTED.size() / seconds);
    }

    @AfterAll
    static void stopTheApp() {
        app.close();
    }

    @Test
    void concurrentClientsGetOnlyCorrectAnswersWhileTheRollupTicks() throws Exception {
        List<String> requests = List.copyOf(EXPECTED.keySet());
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger ticks = new AtomicInteger();
        CompletableFuture<Void> ticker = CompletableFuture.runAsync(() -> tickWhile(loading, ticks, failures));
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int client = 0; client < CLIENTS; client++) {
            Random random = new Random(client);
            clients.add(CompletableFuture.runAsync(() -> {
                await(start);
                for (int i = 0; i < REQUESTS_PER_CLIENT && System.nanoTime() < deadline; i++) {
                    String request = requests.get(random.nextInt(requests.size()));
                    long sent = System.nanoTime();
                    Response response = app.get(request, token);
                    latencies.add(System.nanoTime() - sent);
                    if (response.status() != 200) {
                        failures.add(request + " -> " + response.status() + " " + response.body());
                    } else if (!comparable(response).equals(EXPECTED.get(request))) {
                        failures.add(request + " -> differs from the single-threaded read: " + response.body());
                    }
                }
            }, command -> new Thread(command, "report-client").start()));
        }

        long started = System.nanoTime();
        start.countDown();
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(AT_MOST.toSeconds() + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        loading.set(false);
        ticker.get(60, TimeUnit.SECONDS);

        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("[ConcurrentClientsIT] %d raw rows; %d clients, %d requests in %.1f s: %.0f requests/s, "
                        + "latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d rollup ticks meanwhile%n",
                history.rawRows(), CLIENTS, sorted.size(), seconds, sorted.size() / seconds, millis(sorted, 0.50),
                millis(sorted, 0.99), millis(sorted, 1.0), ticks.get());
        assertThat(failures).as("failed or wrong responses").isEmpty();
        assertThat(sorted).as("requests answered").hasSizeGreaterThan(CLIENTS * 10);
        assertThat(ticks.get()).as("ticks that recomputed touched hours during the load").isPositive();
    }

    /** Every {@link #BETWEEN_TICKS}, marks a few random hours changed and rolls them up again, until the load ends. */
    private static void tickWhile(AtomicBoolean loading, AtomicInteger ticks, ConcurrentLinkedQueue<String> failures) {
        TallyPostgres postgres = TallyPostgres.create(db.dataSource());
        RunRollupTick tick = new RunRollupTick(postgres.hourlyRollupStore(Duration.ofMinutes(1)), postgres.rollupFailureLog(),
                new RollupPolicy(Duration.ZERO, Duration.ofDays(1)), Clock.systemUTC());
        while (loading.get()) {
            db.sql().update("UPDATE task_usage SET updated_at = now() WHERE id IN "
                    + "(SELECT id FROM task_usage ORDER BY random() LIMIT 50)");
            TickOutcome outcome = tick.tick();
            if (outcome instanceof TickOutcome.Completed) {
                ticks.incrementAndGet();
            } else if (outcome instanceof TickOutcome.Failed failed) {
                failures.add("tick failed: " + failed.error());
            }
            pause();
        }
    }

    /** The response without the fields that change with every tick or request. */
    private static JsonNode comparable(Response response) {
        ObjectNode body = (ObjectNode) response.json();
        body.remove(List.of("rolled_up_through", "generated_at"));
        return body;
    }

    private static double millis(List<Long> sortedNanos, double quantile) {
        int index = (int) Math.ceil(quantile * sortedNanos.size()) - 1;
        return sortedNanos.get(Math.max(0, index)) / 1e6;
    }

    private static void pause() {
        try {
            Thread.sleep(BETWEEN_TICKS.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
