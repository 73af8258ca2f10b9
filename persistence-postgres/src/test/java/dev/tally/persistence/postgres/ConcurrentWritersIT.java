package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.TickOutcome;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two platform writes in flight at once, on related rows: an issue moving to another project, or
 * a task changing (linked to the issue, moved to another runtime), against the other, or against a
 * usage row being written for the task. Each write's trigger queues keys computed from what its own
 * snapshot shows, so it cannot see the other's change; after both commit and the rollup catches up,
 * it must still equal the oracle. Found by {@link WritersUnderLoadIT}, made deterministic here with
 * explicit pause points.
 */
class ConcurrentWritersIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;
    private UUID issue;
    private UUID newProject;

    @BeforeEach
    void anIssueInOneProjectAndAnotherProject() {
        db.reset();
        scenario = Scenario.in(db);
        issue = scenario.platform.anIssueIn(scenario.workspace, scenario.platform.aProjectIn(scenario.workspace));
        newProject = scenario.platform.aProjectIn(scenario.workspace);
    }

    @Test
    void aTaskLinkedToAnIssueWhileTheIssueMovesProjectEndsUnderTheNewProject() throws Exception {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.tickUntilCaughtUp();

        bothInFlightThenCommitted(
                "UPDATE issue SET project_id = ? WHERE id = ?", newProject, issue,
                "UPDATE agent_task_queue SET issue_id = ? WHERE id = ?", issue, task);

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE project_id = ?", newProject)).isOne();
    }

    @Test
    void aTaskReassignedWhileItsIssueMovesProjectEndsUnderTheNewRuntimeAndProject() throws Exception {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.linkTaskToIssue(task, issue);
        UUID otherRuntime = scenario.platform.aRuntimeIn(scenario.workspace);
        scenario.platform.tickUntilCaughtUp();

        bothInFlightThenCommitted(
                "UPDATE issue SET project_id = ? WHERE id = ?", newProject, issue,
                "UPDATE agent_task_queue SET runtime_id = ? WHERE id = ?", otherRuntime, task);

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE project_id = ? AND runtime_id = ?",
                newProject, otherRuntime)).isOne();
    }

    // A usage row written for a task while the task, or its issue, changes: the trigger of the change
    // cannot see the uncommitted row, and a tick sweeping the row before the change commits attributes
    // it to the old side. Unless the change waits for the row, nobody queues the new side.

    @Test
    void usageWrittenWhileItsTaskIsReassignedEndsUnderTheNewRuntime() throws Exception {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        UUID otherRuntime = scenario.platform.aRuntimeIn(scenario.workspace);
        scenario.platform.tickUntilCaughtUp();

        usageWrittenThenSweptWhileAChangeIsInFlight(task,
                "UPDATE agent_task_queue SET runtime_id = ? WHERE id = ?", otherRuntime, task);

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE runtime_id = ?", otherRuntime)).isEqualTo(2);
    }

    @Test
    void usageWrittenWhileItsIssueMovesProjectEndsUnderTheNewProject() throws Exception {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.linkTaskToIssue(task, issue);
        scenario.platform.tickUntilCaughtUp();

        usageWrittenThenSweptWhileAChangeIsInFlight(task,
                "UPDATE issue SET project_id = ? WHERE id = ?", newProject, issue);

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly WHERE project_id = ?", newProject)).isEqualTo(2);
    }

    // The workspace a usage row records (V008) while its agent moves: whichever write locks the task
    // first, the row ends recording the workspace the agent moved to.

    @Test
    void usageWrittenWhileItsAgentMovesToAnotherWorkspaceRecordsTheNewOne() throws Exception {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        UUID otherWorkspace = scenario.platform.aWorkspace();
        scenario.platform.tickUntilCaughtUp();

        usageWrittenThenSweptWhileAChangeIsInFlight(task,
                "UPDATE agent SET workspace_id = ? WHERE id = ?", otherWorkspace, scenario.agent);

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(recordedWorkspaces()).containsExactly(otherWorkspace);
    }

    @Test
    void usageWrittenWhileItsAgentIsMovingRecordsTheWorkspaceItMovesTo() throws Exception {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        UUID otherWorkspace = scenario.platform.aWorkspace();
        scenario.platform.tickUntilCaughtUp();

        try (Connection moving = db.connection(); Connection writing = db.connection()) {
            moving.setAutoCommit(false);
            writing.setAutoCommit(false);
            update(moving, "UPDATE agent SET workspace_id = ? WHERE id = ?", otherWorkspace, scenario.agent);
            CompletableFuture<Void> written = runningOrWaiting(writing, connection -> insertUsage(connection, task));
            moving.commit();
            written.get(30, TimeUnit.SECONDS);
            writing.commit();
        }

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(recordedWorkspaces()).containsExactly(otherWorkspace);
    }

    private static List<UUID> recordedWorkspaces() {
        return db.sql().query("SELECT DISTINCT workspace_id FROM task_usage", row -> row.getObject(1, UUID.class));
    }

    /**
     * Runs each statement in its own transaction: the first runs, the second runs before the first
     * commits (on its own thread, as it may wait for the first where both queue the same key), then
     * the first commits, then the second.
     */
    private static void bothInFlightThenCommitted(String first, UUID firstValue, UUID firstId,
                                                  String second, UUID secondValue, UUID secondId) throws Exception {
        try (Connection one = db.connection(); Connection two = db.connection()) {
            one.setAutoCommit(false);
            two.setAutoCommit(false);
            update(one, first, firstValue, firstId);
            CompletableFuture<Void> secondWrite = runningOrWaiting(two, connection -> update(connection, second, secondValue, secondId));
            one.commit();
            secondWrite.get(30, TimeUnit.SECONDS);
            two.commit();
        }
    }

    /**
     * A usage row for {@code task}, an hour after its first, is inserted in one transaction; the
     * change runs in a second (on its own thread: it may wait for the insert); the insert commits;
     * a tick sweeps the new row while the change is still open; then the change commits.
     */
    private static void usageWrittenThenSweptWhileAChangeIsInFlight(UUID task, String change, UUID value, UUID id)
            throws Exception {
        try (Connection usage = db.connection(); Connection changing = db.connection()) {
            usage.setAutoCommit(false);
            changing.setAutoCommit(false);
            insertUsage(usage, task);
            CompletableFuture<Void> changed = runningOrWaiting(changing, connection -> update(connection, change, value, id));
            usage.commit();
            assertThat(Ticks.javaTick(db.dataSource()).tick()).isInstanceOf(TickOutcome.Completed.class);
            changed.get(30, TimeUnit.SECONDS);
            changing.commit();
        }
    }

    /** A usage row for {@code task}, an hour after its first. */
    private static void insertUsage(Connection connection, UUID task) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO task_usage (task_id, provider, model, input_tokens, output_tokens,
                                        cache_read_tokens, cache_write_tokens, created_at, updated_at)
                VALUES (?, 'anthropic', 'claude-haiku', 50, 1, 0, 0, ?, now())
                """)) {
            insert.setObject(1, task);
            insert.setObject(2, Scenario.utc(Scenario.MORNING.plusSeconds(3_600)));
            assertThat(insert.executeUpdate()).isOne();
        }
    }

    /** One write on a connection of its own. */
    @FunctionalInterface
    private interface Write {
        void on(Connection connection) throws SQLException;
    }

    /** Starts {@code write} on its own thread and returns once it is done or waiting on a lock. */
    private static CompletableFuture<Void> runningOrWaiting(Connection connection, Write write)
            throws InterruptedException {
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try {
                write.on(connection);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        for (int i = 0; i < 250 && !running.isDone() && waitingOnALock() == 0; i++) {
            Thread.sleep(20);
        }
        return running;
    }

    private static long waitingOnALock() {
        return db.sql().count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND wait_event_type = 'Lock'");
    }

    private static void update(Connection connection, String statement, UUID value, UUID id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(statement)) {
            update.setObject(1, value);
            update.setObject(2, id);
            assertThat(update.executeUpdate()).isOne();
        }
    }
}
