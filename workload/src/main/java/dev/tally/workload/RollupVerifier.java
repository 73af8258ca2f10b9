package dev.tally.workload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rollup's invariant, checked the plain way: task_usage_hourly against a GROUP BY over the raw
 * tables, both ways (no key missing, no key extra, no sum different). The bucket is spelled out
 * here rather than calling task_usage_hour_bucket(), so a fault there shows up too. The tests'
 * oracle, the quickstart's check and the benchmarks' sanity check.
 */
public final class RollupVerifier {

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

    private RollupVerifier() {
    }

    /** The rows on which the rollup and the raw data disagree (at most 50); empty when they agree. */
    public static List<String> differences(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(DIFFERENCES);
             ResultSet rows = statement.executeQuery()) {
            List<String> differences = new ArrayList<>();
            while (rows.next()) {
                differences.add(rows.getString(1));
            }
            return differences;
        } catch (SQLException e) {
            throw new IllegalStateException("could not compare the rollup with the raw data: " + e.getMessage(), e);
        }
    }
}
