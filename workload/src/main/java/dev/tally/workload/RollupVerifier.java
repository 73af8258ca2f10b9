package dev.tally.workload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The rollup's invariant, checked the plain way: task_usage_hourly (level -1) and its quarters
 * (task_usage_hourly_quarter, levels 0 to 3) against a GROUP BY over the raw tables, both ways (no
 * key missing, no key extra, no sum different, reported cost and uncosted tokens included). The bucket is spelled out
 * here rather than calling task_usage_hour_bucket(), so a fault there shows up too. The tests'
 * oracle, the quickstart's check and the benchmarks' sanity check.
 */
public final class RollupVerifier {

    private static final String DIFFERENCES = """
            WITH raw AS (
                SELECT date_trunc('hour', tu.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket_hour,
                       (EXTRACT(MINUTE FROM tu.created_at AT TIME ZONE 'UTC')::int / 15) AS quarter,
                       a.workspace_id, t.runtime_id, t.agent_id, i.project_id, tu.provider, tu.model, tu.task_id,
                       tu.input_tokens, tu.output_tokens, tu.cache_read_tokens, tu.cache_write_tokens, tu.cost_usd_ticks
                FROM task_usage tu
                JOIN agent_task_queue t ON t.id = tu.task_id
                JOIN agent a ON a.id = t.agent_id
                LEFT JOIN issue i ON i.id = t.issue_id
            ),
            expected AS (
                SELECT bucket_hour, CASE WHEN GROUPING(quarter) = 1 THEN -1 ELSE quarter END AS level,
                       workspace_id, runtime_id, agent_id, project_id, provider, model,
                       sum(input_tokens)::bigint AS input_tokens,
                       sum(output_tokens)::bigint AS output_tokens,
                       sum(cache_read_tokens)::bigint AS cache_read_tokens,
                       sum(cache_write_tokens)::bigint AS cache_write_tokens,
                       coalesce(sum(cost_usd_ticks), 0)::bigint AS cost_usd_ticks,
                       coalesce(sum(input_tokens) FILTER (WHERE cost_usd_ticks IS NULL), 0)::bigint AS uncosted_input_tokens,
                       coalesce(sum(output_tokens) FILTER (WHERE cost_usd_ticks IS NULL), 0)::bigint AS uncosted_output_tokens,
                       coalesce(sum(cache_read_tokens) FILTER (WHERE cost_usd_ticks IS NULL), 0)::bigint AS uncosted_cache_read_tokens,
                       coalesce(sum(cache_write_tokens) FILTER (WHERE cost_usd_ticks IS NULL), 0)::bigint AS uncosted_cache_write_tokens,
                       count(DISTINCT task_id) AS task_count,
                       count(*) AS event_count
                FROM raw
                GROUP BY GROUPING SETS (
                    (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model),
                    (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model, quarter))
            ),
            actual AS (
                SELECT bucket_hour, -1 AS level, workspace_id, runtime_id, agent_id, project_id, provider, model,
                       input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd_ticks,
                       uncosted_input_tokens, uncosted_output_tokens, uncosted_cache_read_tokens,
                       uncosted_cache_write_tokens, task_count, event_count
                FROM task_usage_hourly
                UNION ALL
                SELECT bucket_hour, quarter, workspace_id, runtime_id, agent_id, project_id, provider, model,
                       input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd_ticks,
                       uncosted_input_tokens, uncosted_output_tokens, uncosted_cache_read_tokens,
                       uncosted_cache_write_tokens, task_count, event_count
                FROM task_usage_hourly_quarter
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
