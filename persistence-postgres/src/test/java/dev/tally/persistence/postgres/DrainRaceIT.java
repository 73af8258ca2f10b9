package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.TickOutcome;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * D3: a key re-queued by a writer that commits while a tick is recomputing must survive the
 * tick's drain. Upstream drained by enqueued_at in a second statement with a newer snapshot, so it
 * deleted the writer's entry although its recompute never saw the writer's change.
 *
 * <p>The tick is held inside its recompute by a connection that locks the key's hourly row; the
 * writer commits meanwhile; then the tick is let go.
 */
class DrainRaceIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;
    private UUID first;
    private UUID second;

    @BeforeEach
    void twoTasksInOneKeyRolledUpThenOneDeleted() {
        db.reset();
        scenario = Scenario.in(db);
        first = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        second = scenario.aTaskWithUsageAt(Scenario.MORNING, 40);
        scenario.platform.tickUntilCaughtUp();
        scenario.platform.deleteUsage(second, "anthropic", "claude-sonnet");
    }

    @Test
    void aKeyRequeuedDuringTheWindowRecomputeIsNotDrained() throws Exception {
        raceAWriterAgainst(() -> db.sql().count(
                "SELECT rollup_task_usage_hourly_window(now() - interval '1 day', now() + interval '1 hour')"));

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).as("no raw rows are left for the key").isZero();
    }

    @Test
    void aKeyRequeuedDuringAJavaTickIsNotDrained() throws Exception {
        raceAWriterAgainst(() -> {
            TickOutcome outcome = Ticks.javaTick(db.dataSource(), Ticks.NO_LAG, Duration.ofSeconds(30)).tick();
            assertThat(outcome).isInstanceOf(TickOutcome.Completed.class);
            return 0L;
        });

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isZero();
    }

    private void raceAWriterAgainst(Callable<Long> tick) throws Exception {
        raceAWriter(() -> scenario.platform.deleteUsage(first, "anthropic", "claude-sonnet"), tick);
    }

    private void raceAWriter(Runnable writer, Callable<Long> tick) throws Exception {
        try (Connection blocker = lockTheHourlyRows()) {
            CompletableFuture<Long> ticking = CompletableFuture.supplyAsync(() -> call(tick));
            awaitWaitingBackends(1);
            CompletableFuture<Void> writing = CompletableFuture.runAsync(writer);
            // The writer either commits at once or waits for the tick's drain: both orders must be safe.
            awaitWritingDoneOrWaiting(writing);
            blocker.commit();
            ticking.get(30, TimeUnit.SECONDS);
            writing.get(30, TimeUnit.SECONDS);
        }
    }

    private Connection lockTheHourlyRows() throws SQLException {
        Connection blocker = db.connection();
        blocker.setAutoCommit(false);
        blocker.createStatement().executeQuery("SELECT 1 FROM task_usage_hourly FOR UPDATE").close();
        return blocker;
    }

    private void awaitWaitingBackends(int count) throws InterruptedException {
        for (int i = 0; i < 300 && waitingBackends() < count; i++) {
            Thread.sleep(20);
        }
        assertThat(waitingBackends()).as("backends waiting on a lock").isGreaterThanOrEqualTo(count);
    }

    private void awaitWritingDoneOrWaiting(CompletableFuture<Void> writing) throws InterruptedException {
        for (int i = 0; i < 300 && !writing.isDone() && waitingBackends() < 2; i++) {
            Thread.sleep(20);
        }
    }

    private long waitingBackends() {
        return db.sql().count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'");
    }

    private static Long call(Callable<Long> tick) {
        try {
            return tick.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
