package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** D4: the queue is never pruned of keys no tick has processed. */
class DirtyQueueIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;

    @BeforeEach
    void startEmpty() {
        db.reset();
        scenario = Scenario.in(db);
    }

    @Test
    void pruningAfterALongPauseProcessesStaleKeysInsteadOfDroppingThem() {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.tickUntilCaughtUp();
        scenario.platform.deleteUsage(task, "anthropic", "claude-sonnet");
        // The rollup was paused for a month: the invalidation is older than the retention.
        db.sql().update("UPDATE task_usage_hourly_dirty SET enqueued_at = now() - interval '30 days'");

        long processed = db.sql().count("SELECT prune_task_usage_hourly_dirty(interval '7 days')");

        assertThat(processed).isOne();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_dirty")).isZero();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).as("the deleted usage's row is gone").isZero();
    }

    @Test
    void pruningLeavesKeysYoungerThanTheRetentionForTheTick() {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.tickUntilCaughtUp();
        scenario.platform.deleteUsage(task, "anthropic", "claude-sonnet");

        assertThat(db.sql().count("SELECT prune_task_usage_hourly_dirty(interval '7 days')")).isZero();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_dirty")).isOne();

        scenario.platform.tickUntilCaughtUp();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_dirty")).isZero();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void reQueuingAQueuedKeyGivesItANewChangeSequenceAndKeepsTheFirstEnqueueTime() {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        UUID otherRuntime = scenario.platform.aRuntimeIn(scenario.workspace);
        scenario.platform.reassignTaskToRuntime(task, otherRuntime);
        QueueEntry first = queueEntryOf(otherRuntime);

        scenario.platform.reassignTaskToRuntime(task, scenario.runtime);
        scenario.platform.reassignTaskToRuntime(task, otherRuntime);

        QueueEntry again = queueEntryOf(otherRuntime);
        assertThat(again.changeSeq()).isGreaterThan(first.changeSeq());
        assertThat(again.enqueuedAt()).isEqualTo(first.enqueuedAt());
    }

    private record QueueEntry(long changeSeq, OffsetDateTime enqueuedAt) {
    }

    private QueueEntry queueEntryOf(UUID runtime) {
        return db.sql().query("SELECT change_seq, enqueued_at FROM task_usage_hourly_dirty WHERE runtime_id = ?",
                row -> new QueueEntry(row.getLong(1), row.getObject(2, OffsetDateTime.class)), runtime).get(0);
    }
}
