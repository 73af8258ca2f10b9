package dev.tally.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.workload.RollupVerifier;
import java.util.List;
import javax.sql.DataSource;

/**
 * The invariant every rollup test ends with: task_usage_hourly equals a plain GROUP BY over the
 * raw tables, compared both ways ({@link RollupVerifier}).
 */
public final class RollupOracle {

    /** The agent's workspace spelled out, as RollupVerifier spells the rule, so a fault in task_attribution shows. */
    private static final String MISRECORDED_WORKSPACES = """
            SELECT tu.id || ' records ' || tu.workspace_id || ', its agent is in ' || a.workspace_id
            FROM task_usage tu
            JOIN agent_task_queue t ON t.id = tu.task_id
            JOIN agent a ON a.id = t.agent_id
            WHERE tu.workspace_id <> a.workspace_id
            LIMIT 50
            """;

    private RollupOracle() {
    }

    /** The rows on which the rollup and the raw data disagree (at most 50), empty when they agree. */
    public static List<String> differences(DataSource dataSource) {
        return RollupVerifier.differences(dataSource);
    }

    /**
     * The rollup equals the raw data, and every raw row records the workspace the rule gives it, or
     * none: reports read a stale hour through that record, so a wrong one would lose usage.
     */
    public static void assertRollupMatchesRawData(DataSource dataSource) {
        assertThat(differences(dataSource))
                .as("task_usage_hourly against a GROUP BY over the raw tables")
                .isEmpty();
        assertThat(new Sql(dataSource).query(MISRECORDED_WORKSPACES, row -> row.getString(1)))
                .as("raw rows whose recorded workspace is not their agent's")
                .isEmpty();
    }

    /** How many rows the rollup holds: tests assert it, so an empty rollup cannot agree with the oracle vacuously. */
    public static long hourlyRows(DataSource dataSource) {
        return new Sql(dataSource).count("SELECT count(*) FROM task_usage_hourly");
    }
}
