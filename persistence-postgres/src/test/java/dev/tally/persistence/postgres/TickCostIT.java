package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * D8: a tick's cost follows the rows in its dirty hours, not the history of the runtime and agent
 * it touches. Upstream's recompute joined every task the pair ever ran; correcting one row of a
 * long-lived agent read its whole history. Counted in tuples read, from PostgreSQL's own
 * per-transaction statistics, so the check does not depend on the machine's speed.
 */
class TickCostIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int HISTORY_HOURS = 3_000;

    private static UUID correctedTask;

    @BeforeAll
    static void aLongLivedAgentWithOneTaskAnHourForFourMonths() {
        Scenario scenario = Scenario.in(db);
        db.sql().update("""
                WITH tasks AS (
                    INSERT INTO agent_task_queue (agent_id, runtime_id, status, created_at)
                    SELECT ?, ?, 'completed', now() - make_interval(hours => n)
                    FROM generate_series(1, ?) AS n
                    RETURNING id, created_at
                )
                INSERT INTO task_usage (task_id, provider, model, input_tokens, created_at, updated_at)
                SELECT id, 'anthropic', 'claude-sonnet', 100, created_at, created_at FROM tasks
                """, scenario.agent, scenario.runtime, HISTORY_HOURS);
        db.sql().update("ANALYZE");
        Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource()));
        correctedTask = db.sql().single("SELECT task_id FROM task_usage ORDER BY created_at LIMIT 1", UUID.class);
        scenario.platform.reportUsage(correctedTask, "anthropic", "claude-sonnet", Scenario.MORNING, Tokens.of(1, 0));
    }

    @Test
    void correctingOneRowReadsTheRowsOfItsHourNotTheAgentsHistory() throws SQLException {
        long rowsRead;
        try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SELECT * FROM task_usage_hourly_recompute("
                    + "(SELECT watermark_at FROM task_usage_hourly_rollup_state), now())");
            try (ResultSet stats = statement.executeQuery("""
                    SELECT COALESCE(seq_tup_read, 0) + COALESCE(idx_tup_fetch, 0)
                    FROM pg_stat_xact_user_tables WHERE relname = 'task_usage'
                    """)) {
                stats.next();
                rowsRead = stats.getLong(1);
            }
            connection.commit();
        }

        // About 10 here: the hour's rows plus the corrected row's dead version; upstream read 3,013.
        assertThat(rowsRead).as("task_usage rows read to recompute one corrected row of %s", HISTORY_HOURS)
                .isLessThanOrEqualTo(50);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT sum(input_tokens)::bigint FROM task_usage_hourly")).isEqualTo((HISTORY_HOURS - 1) * 100L + 1);
    }
}
