package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two platform writes in flight at once, on related rows that do not lock each other: an issue
 * moving to another project, and one of its tasks changing (linked to the issue, or moved to another
 * runtime). Each write's trigger queues keys computed from what its own snapshot shows, so neither
 * sees the other's change; after both commit and the rollup catches up, it must still equal the
 * oracle. Found by {@link WritersUnderLoadIT}, made deterministic here with explicit pause points.
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
            CompletableFuture<Void> secondWrite = CompletableFuture.runAsync(() -> {
                try {
                    update(two, second, secondValue, secondId);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 250 && !secondWrite.isDone() && waitingOnALock() == 0; i++) {
                Thread.sleep(20);
            }
            one.commit();
            secondWrite.get(30, TimeUnit.SECONDS);
            two.commit();
        }
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
