package dev.tally.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javax.sql.DataSource;

/**
 * The invariant every rollup test ends with: task_usage_hourly equals a plain GROUP BY over the
 * raw tables, compared both ways: no key missing, no key extra, no sum different. The bucket is
 * spelled out here rather than calling task_usage_hour_bucket(), so a fault there shows up too.
 */
public final class RollupOracle {

    private static final String DIFFERENCES = """
            WITH expected AS (
                SELECT date_trunc('hour', tu.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket_hour,
                       a.workspace_id, t.runtime_id, t.agent_id, i.project_id, tu.provider, tu.model,
                       sum(tu.input_tokens)::bigint AS input_tokens,
                       sum(tu.output_tokens)::bigint AS output_tokens,
                       sum(tu.cache_read_tokens)::bigint AS cache_read_tokens,
                       sum(tu.cache_write_tokens)::bigint AS cache_write_tokens,
                       count(DISTINCT tu.task_id) AS task_count,
                       count(*) AS event_count
                FROM task_usage tu
                JOIN agent_task_queue t ON t.id = tu.task_id
                JOIN agent a ON a.id = t.agent_id
                LEFT JOIN issue i ON i.id = t.issue_id
                GROUP BY 1, 2, 3, 4, 5, 6, 7
            ),
            actual AS (
                SELECT bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model,
                       input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, task_count, event_count
                FROM task_usage_hourly
            )
            SELECT 'missing or different: ' || x::text FROM (SELECT * FROM expected EXCEPT ALL SELECT * FROM actual) x
            UNION ALL
            SELECT 'extra or different:   ' || y::text FROM (SELECT * FROM actual EXCEPT ALL SELECT * FROM expected) y
            ORDER BY 1
            LIMIT 50
            """;

    private RollupOracle() {
    }

    /** The rows on which the rollup and the raw data disagree (at most 50), empty when they agree. */
    public static List<String> differences(DataSource dataSource) {
        return new Sql(dataSource).query(DIFFERENCES, row -> row.getString(1));
    }

    public static void assertRollupMatchesRawData(DataSource dataSource) {
        assertThat(differences(dataSource))
                .as("task_usage_hourly against a GROUP BY over the raw tables")
                .isEmpty();
    }

    /** Guards the oracle against agreeing vacuously: the rollup must hold at least {@code rows} rows. */
    public static long hourlyRows(DataSource dataSource) {
        return new Sql(dataSource).count("SELECT count(*) FROM task_usage_hourly");
    }
}
