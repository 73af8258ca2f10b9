package dev.tally.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.testing.Sql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What a report must say, computed from the raw tables alone, independently of the rollup, of
 * task_usage_hour_bucket() and of the report's SQL: each usage row counts on the local date of its
 * own created_at ({@code (created_at AT TIME ZONE tz)::date}), attributed through its task to the
 * agent's workspace and the project. task_count is distinct tasks per UTC hour and key,
 * summed, which is what the rollup's hourly rows hold. Exact for zones whose offsets are whole
 * hours; rows come back as the JSON the API sends.
 *
 * <p>Cost, row by row: a row's reported cost when it has one; else its tokens at the catalog price
 * whose effective_from is the latest at or before the start of the row's UTC hour (found here with
 * ORDER BY ... LIMIT 1, not through model_price_span), multiplied by 1e-6 (exact, where a division
 * could be cut short), summed, then rounded to 1e-10; else, without a price, its tokens are unpriced.
 */
final class RawUsageOracle {

    /** How rows are grouped: the grouping expressions over per_hour (and its joins), and the JSON names. */
    enum Dimension {
        DAY("per_hour.day::text", "date"),
        WEEK("date_trunc('week', per_hour.day)::date::text", "week_start"),
        AGENT("per_hour.agent_id::text", "agent_id", "ag.name", "agent_name"),
        PROJECT("per_hour.project_id::text", "project_id", "p.title", "project_title"),
        RUNTIME("per_hour.runtime_id::text", "runtime_id", "rt.name", "runtime_name");

        final String expression;
        final String name;
        final String labelExpression;
        final String labelName;

        Dimension(String expression, String name) {
            this(expression, name, null, null);
        }

        Dimension(String expression, String name, String labelExpression, String labelName) {
            this.expression = expression;
            this.name = name;
            this.labelExpression = labelExpression;
            this.labelName = labelName;
        }
    }

    /** Whose usage: one of workspace and runtime; a project narrows a workspace. */
    record Scope(UUID workspaceId, UUID projectId, UUID runtimeId) {

        static Scope workspace(UUID workspaceId) {
            return new Scope(workspaceId, null, null);
        }

        static Scope project(UUID workspaceId, UUID projectId) {
            return new Scope(workspaceId, projectId, null);
        }

        static Scope runtime(UUID runtimeId) {
            return new Scope(null, null, runtimeId);
        }
    }

    private final Sql sql;

    RawUsageOracle(DataSource dataSource) {
        this.sql = new Sql(dataSource);
    }

    List<JsonNode> rows(Dimension dimension, Scope scope, String zone, LocalDate from, LocalDate to) {
        String label = dimension.labelExpression == null ? "" : ", " + dimension.labelExpression;
        String select = "SELECT " + dimension.expression + " AS dimension" + label + """
                , lower(per_hour.provider) AS provider, per_hour.model,
                       sum(input_tokens)::bigint, sum(output_tokens)::bigint, sum(cache_read_tokens)::bigint,
                       sum(cache_write_tokens)::bigint, sum(tasks)::bigint, sum(events)::bigint,
                       COALESCE(sum(reported_ticks), 0)::bigint, round(COALESCE(sum(estimated_usd), 0), 10),
                       COALESCE(sum(unpriced_tokens), 0)::bigint
                FROM (
                    SELECT (tu.created_at AT TIME ZONE ?)::date AS day,
                           date_trunc('hour', tu.created_at AT TIME ZONE 'UTC') AS utc_hour,
                           a.workspace_id, t.runtime_id, t.agent_id, i.project_id, tu.provider, tu.model,
                           sum(tu.input_tokens) AS input_tokens, sum(tu.output_tokens) AS output_tokens,
                           sum(tu.cache_read_tokens) AS cache_read_tokens,
                           sum(tu.cache_write_tokens) AS cache_write_tokens,
                           count(DISTINCT tu.task_id) AS tasks, count(*) AS events,
                           sum(tu.cost_usd_ticks) AS reported_ticks,
                           sum((tu.input_tokens * pr.input_usd_per_mtok + tu.output_tokens * pr.output_usd_per_mtok
                                + tu.cache_read_tokens * pr.cache_read_usd_per_mtok
                                + tu.cache_write_tokens * pr.cache_write_usd_per_mtok) * 0.000001)
                               FILTER (WHERE tu.cost_usd_ticks IS NULL) AS estimated_usd,
                           sum(tu.input_tokens + tu.output_tokens + tu.cache_read_tokens + tu.cache_write_tokens)
                               FILTER (WHERE tu.cost_usd_ticks IS NULL AND pr.provider IS NULL) AS unpriced_tokens
                    FROM task_usage tu
                    JOIN agent_task_queue t ON t.id = tu.task_id
                    JOIN agent a ON a.id = t.agent_id
                    LEFT JOIN issue i ON i.id = t.issue_id
                    LEFT JOIN LATERAL (
                        SELECT mp.*
                        FROM model_price mp
                        WHERE mp.provider = lower(tu.provider) AND mp.model = tu.model
                          AND mp.effective_from <= date_trunc('hour', tu.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                        ORDER BY mp.effective_from DESC
                        LIMIT 1
                    ) pr ON TRUE
                    WHERE (?::uuid IS NULL OR a.workspace_id = ?::uuid)
                      AND (?::uuid IS NULL OR i.project_id = ?::uuid)
                      AND (?::uuid IS NULL OR t.runtime_id = ?::uuid)
                    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                ) per_hour
                LEFT JOIN agent ag ON ag.id = per_hour.agent_id
                LEFT JOIN project p ON p.id = per_hour.project_id
                LEFT JOIN agent_runtime rt ON rt.id = per_hour.runtime_id
                WHERE per_hour.day BETWEEN ? AND ?
                """ + "GROUP BY " + dimension.expression + label + ", lower(per_hour.provider), per_hour.model";
        return sql.query(select, row -> toJson(dimension, row), zone,
                scope.workspaceId(), scope.workspaceId(), scope.projectId(), scope.projectId(),
                scope.runtimeId(), scope.runtimeId(), from, to);
    }

    private static JsonNode toJson(Dimension dimension, ResultSet row) throws SQLException {
        Map<String, Object> json = new LinkedHashMap<>();
        int column = 1;
        json.put(dimension.name, row.getString(column++));
        if (dimension.labelName != null) {
            json.put(dimension.labelName, row.getString(column++));
        }
        json.put("provider", row.getString(column++));
        json.put("model", row.getString(column++));
        for (String sum : List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
                "task_count", "event_count")) {
            json.put(sum, row.getLong(column++));
        }
        BigDecimal reported = BigDecimal.valueOf(row.getLong(column++), 10);
        BigDecimal estimated = row.getBigDecimal(column++).setScale(10, RoundingMode.UNNECESSARY);
        json.put("cost_usd", reported.add(estimated).toPlainString());
        json.put("reported_cost_usd", reported.toPlainString());
        json.put("estimated_cost_usd", estimated.toPlainString());
        json.put("unpriced_tokens", row.getLong(column));
        return RunningReportApp.JSON.valueToTree(json);
    }

    /** What a report's {@code totals} must say of {@code rows}: every sum over them, the cost's exactly. */
    static JsonNode totalsOf(List<JsonNode> rows) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (String sum : List.of("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens",
                "task_count", "event_count", "unpriced_tokens")) {
            json.put(sum, rows.stream().mapToLong(row -> row.path(sum).asLong()).sum());
        }
        for (String usd : List.of("cost_usd", "reported_cost_usd", "estimated_cost_usd")) {
            json.put(usd, rows.stream().map(row -> new BigDecimal(row.path(usd).asText()))
                    .reduce(BigDecimal.ZERO.setScale(10), BigDecimal::add).toPlainString());
        }
        return RunningReportApp.JSON.valueToTree(json);
    }

    /** The rows of a response, for comparing with {@link #rows}. */
    static List<JsonNode> rowsOf(JsonNode response) {
        List<JsonNode> rows = new ArrayList<>();
        response.path("rows").forEach(rows::add);
        return rows;
    }
}
