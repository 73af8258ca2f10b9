package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two rollup-app instances, each through its own real wiring and pool, on one database: one ticks
 * at a time (the tick lock), the other skips, and the rollup equals the raw data, never counted twice.
 */
class ReplicasIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant MONDAY_MORNING = Instant.parse("2025-06-02T09:15:00Z");
    private static final int ROUNDS = 3;

    private PostgresUsagePlatform platform;
    private UUID agent;
    private UUID runtime;

    @BeforeEach
    void anAgent() {
        db.reset();
        platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("the replicas under test tick");
        });
        UUID workspace = platform.aWorkspace();
        runtime = platform.aRuntimeIn(workspace);
        agent = platform.anAgentIn(workspace, runtime);
    }

    /**
     * Each round, both replicas tick at once while a tick is held inside its recompute: the one that
     * got the lock completes once let go, the other has already skipped.
     */
    @Test
    void ticksStartedTogetherMakeOneTickPerRoundAndTheRollupEqualsTheRawData() throws Exception {
        UUID corrected = platform.aTask(agent, runtime, null);
        platform.reportUsage(corrected, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(100, 10));
        try (RunningRollupApp one = wiredReplica(); RunningRollupApp two = wiredReplica()) {
            assertThat(one.service().tickOnce()).isInstanceOf(TickOutcome.Completed.class);

            for (int round = 1; round <= ROUNDS; round++) {
                // A correction the next tick must write into a locked row, and a new key beside it.
                platform.reportUsage(corrected, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(100 + round, 10));
                platform.reportUsage(platform.aTask(agent, runtime, null), "anthropic", "claude-haiku",
                        MONDAY_MORNING.plus(Duration.ofHours(round)), Tokens.of(round, 1));

                List<TickOutcome> outcomes;
                try (HourlyRowsLocked locked = HourlyRowsLocked.in(db.dataSource())) {
                    CompletableFuture<TickOutcome> first = CompletableFuture.supplyAsync(one.service()::tickOnce);
                    CompletableFuture<TickOutcome> second = CompletableFuture.supplyAsync(two.service()::tickOnce);
                    locked.awaitATickWaiting();
                    Object skipped = CompletableFuture.anyOf(first, second).get(30, TimeUnit.SECONDS);
                    assertThat(skipped).as("round %d: the tick that did not get the lock", round)
                            .isInstanceOf(TickOutcome.Skipped.class);
                    locked.release();
                    outcomes = List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
                }

                assertThat(outcomes).as("round %d", round)
                        .filteredOn(TickOutcome.Completed.class::isInstance).hasSize(1);
                assertThat(outcomes).as("round %d", round)
                        .filteredOn(TickOutcome.Skipped.class::isInstance).hasSize(1);
                assertRollupEqualsRawDataCountedOnce();
            }
        }
    }

    /** Both services free-running, ticking every 20 ms, while usage keeps arriving. */
    @Test
    void twoRunningServicesKeepTheRollupExactWhileUsageArrives() throws Exception {
        try (RunningRollupApp one = runningReplica(); RunningRollupApp two = runningReplica()) {
            for (int i = 0; i < 60; i++) {
                UUID task = platform.aTask(agent, runtime, null);
                platform.reportUsage(task, "anthropic", i % 2 == 0 ? "claude-sonnet" : "claude-haiku",
                        MONDAY_MORNING.plus(Duration.ofMinutes(7L * i)), Tokens.of(10 + i, i));
                Thread.sleep(10);
            }
            assertThat(one.isRunning()).isTrue();
            assertThat(two.isRunning()).isTrue();
        }
        try (RunningRollupApp last = wiredReplica()) {
            assertThat(last.service().tickOnce()).isInstanceOf(TickOutcome.Completed.class);
        }

        assertRollupEqualsRawDataCountedOnce();
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isGreaterThan(1);
    }

    /** A replica's component, ticking only when the test says so. */
    private static RunningRollupApp wiredReplica() {
        return RunningRollupApp.wired(db.url(), db.user(), db.password(), "--lag", "PT0S");
    }

    /** A replica's service, ticking every 20 ms until closed. */
    private static RunningRollupApp runningReplica() {
        return RunningRollupApp.started(db.url(), db.user(), db.password(), "--lag", "PT0S", "--interval", "PT0.02S");
    }

    /** The oracle, and the totals spelled out: a tick counted twice would show here first. */
    private static void assertRollupEqualsRawDataCountedOnce() {
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().single("SELECT sum(event_count) || '/' || sum(input_tokens) FROM task_usage_hourly", String.class))
                .isEqualTo(db.sql().single("SELECT count(*) || '/' || sum(input_tokens) FROM task_usage", String.class));
    }
}
