package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollup ticking while writers load usage: several threads upsert new and late usage, correct
 * it, reassign tasks to other runtimes and issues, move issues between projects and delete usage
 * and tasks, while the Java tick runs back to back. No tick fails, no write fails but for
 * deadlocks between writers whose triggers queue the same keys in opposite orders (PostgreSQL rolls
 * the victim back whole, and a platform retries it; they are counted and printed), and after the
 * writers stop one catch-up makes the rollup equal to the GROUP BY oracle. Writer throughput and
 * tick durations are printed as a figure, never a gate.
 */
class WritersUnderLoadIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int WRITERS = 4;
    private static final int WRITES_PER_WRITER = 5_000;
    private static final Duration LOAD = Duration.ofSeconds(8);
    private static final List<String> MODELS = List.of("claude-sonnet", "claude-haiku", "gpt-4o");

    @Test
    void writersAndTicksTogetherLoseNothing() throws Exception {
        db.reset();
        PostgresUsagePlatform platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("this test ticks on its own thread");
        });
        Shared shared = Shared.of(platform);
        Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource())); // warm: the figures are of ticks under load
        AtomicBoolean writing = new AtomicBoolean(true);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Long> tickMillis = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> ticker = CompletableFuture.runAsync(() -> tickWhile(writing, tickMillis, failures),
                command -> new Thread(command, "ticker").start());
        AtomicLong writes = new AtomicLong();
        AtomicLong deadlocks = new AtomicLong();
        long deadline = System.nanoTime() + LOAD.toNanos();

        long started = System.nanoTime();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int writer = 0; writer < WRITERS; writer++) {
            Writer load = new Writer(platform, shared, new Random(writer));
            writers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < WRITES_PER_WRITER && System.nanoTime() < deadline; i++) {
                    try {
                        load.write();
                        writes.incrementAndGet();
                    } catch (RuntimeException e) {
                        if (isDeadlock(e)) {
                            deadlocks.incrementAndGet();
                        } else {
                            failures.add("write failed: " + e.getMessage());
                        }
                    }
                }
            }, command -> new Thread(command, "writer").start()));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(LOAD.toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        writing.set(false);
        ticker.get(60, TimeUnit.SECONDS);
        int catchUpTicks = Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource()));

        List<Long> sorted = new ArrayList<>(tickMillis);
        Collections.sort(sorted);
        System.out.printf("[WritersUnderLoadIT] %d writers, %d writes in %.1f s: %.0f writes/s, %d rolled back as "
                        + "deadlock victims; %d ticks meanwhile, duration p50 %d ms, p99 %d ms, max %d ms; %d ticks to "
                        + "catch up; %d raw rows, %d hourly rows%n",
                WRITERS, writes.get(), seconds, writes.get() / seconds, deadlocks.get(), sorted.size(), percentile(sorted, 0.50),
                percentile(sorted, 0.99), percentile(sorted, 1.0), catchUpTicks,
                db.sql().count("SELECT count(*) FROM task_usage"), RollupOracle.hourlyRows(db.dataSource()));
        assertThat(failures).as("failed writes and ticks").isEmpty();
        assertThat(sorted).as("ticks completed while the writers wrote").hasSizeGreaterThan(2);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isPositive();
    }

    /** Java ticks back to back until the writers stop; records each completed tick's duration. */
    private static void tickWhile(AtomicBoolean writing, List<Long> tickMillis, ConcurrentLinkedQueue<String> failures) {
        RunRollupTick tick = Ticks.javaTick(db.dataSource());
        while (writing.get()) {
            long started = System.nanoTime();
            TickOutcome outcome = tick.tick();
            if (outcome instanceof TickOutcome.Completed) {
                tickMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            } else {
                failures.add("tick did not complete: " + outcome);
            }
        }
    }

    /** PostgreSQL's deadlock_detected: the victim's statement and transaction rolled back whole. */
    private static boolean isDeadlock(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "40P01".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static long percentile(List<Long> sorted, double quantile) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.max(0, (int) Math.ceil(quantile * sorted.size()) - 1));
    }

    /** The entities every writer shares: two workspaces, each with runtimes, agents, projects and issues. */
    private record Shared(List<Workspace> workspaces) {

        static Shared of(PostgresUsagePlatform platform) {
            List<Workspace> workspaces = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                UUID workspace = platform.aWorkspace();
                List<UUID> runtimes = List.of(platform.aRuntimeIn(workspace), platform.aRuntimeIn(workspace));
                List<UUID> agents = List.of(platform.anAgentIn(workspace, runtimes.get(0)),
                        platform.anAgentIn(workspace, runtimes.get(1)), platform.anAgentIn(workspace, runtimes.get(0)));
                List<UUID> projects = List.of(platform.aProjectIn(workspace), platform.aProjectIn(workspace));
                List<UUID> issues = new ArrayList<>();
                for (int issue = 0; issue < 4; issue++) {
                    issues.add(platform.anIssueIn(workspace, issue == 3 ? null : projects.get(issue % 2)));
                }
                workspaces.add(new Workspace(runtimes, agents, projects, List.copyOf(issues), new CopyOnWriteArrayList<>()));
            }
            return new Shared(List.copyOf(workspaces));
        }
    }

    /** One workspace's entities; {@code tasks} holds every task still alive, written by any writer. */
    private record Workspace(List<UUID> runtimes, List<UUID> agents, List<UUID> projects, List<UUID> issues,
                             List<UUID> tasks) {
    }

    /**
     * One writer's mix. Usage is written only to the writer's own tasks and only the writer deletes
     * them, so no write meets a task another writer deleted; moves and links touch any task.
     */
    private static final class Writer {

        private final PostgresUsagePlatform platform;
        private final Shared shared;
        private final Random random;
        private final List<UUID> ownTasks = new ArrayList<>();
        private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        Writer(PostgresUsagePlatform platform, Shared shared, Random random) {
            this.platform = platform;
            this.shared = shared;
            this.random = random;
        }

        void write() {
            Workspace workspace = pick(shared.workspaces());
            int roll = random.nextInt(100);
            if (roll < 40 || ownTasks.isEmpty()) {
                UUID task = platform.aTask(pick(workspace.agents()), pick(workspace.runtimes()),
                        random.nextInt(4) == 0 ? null : pick(workspace.issues()));
                ownTasks.add(task);
                workspace.tasks().add(task);
                platform.reportUsage(task, "anthropic", pick(MODELS), someTime(), tokens());
            } else if (roll < 60) {
                platform.reportUsage(pick(ownTasks), "anthropic", pick(MODELS), someTime(), tokens());
            } else if (roll < 70) {
                anyTask(workspace).ifPresent(task -> platform.reassignTaskToRuntime(task, pick(workspace.runtimes())));
            } else if (roll < 78) {
                anyTask(workspace).ifPresent(task -> platform.linkTaskToIssue(task,
                        random.nextInt(3) == 0 ? null : pick(workspace.issues())));
            } else if (roll < 83) {
                platform.moveIssueToProject(pick(workspace.issues()), random.nextInt(3) == 0 ? null : pick(workspace.projects()));
            } else if (roll < 93) {
                platform.deleteUsage(pick(ownTasks), "anthropic", pick(MODELS));
            } else {
                UUID task = ownTasks.remove(random.nextInt(ownTasks.size()));
                shared.workspaces().forEach(each -> each.tasks().remove(task));
                platform.deleteTask(task);
            }
        }

        private Optional<UUID> anyTask(Workspace workspace) {
            List<UUID> tasks = List.copyOf(workspace.tasks());
            return tasks.isEmpty() ? Optional.empty() : Optional.of(pick(tasks));
        }

        /** Usage from the last three days: recent and late rows. */
        private Instant someTime() {
            return now.minus(random.nextInt(3 * 24 * 60), ChronoUnit.MINUTES);
        }

        private Tokens tokens() {
            return new Tokens(random.nextInt(10_000), random.nextInt(2_000), random.nextInt(500), random.nextInt(100));
        }

        private <T> T pick(List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }
    }
}
