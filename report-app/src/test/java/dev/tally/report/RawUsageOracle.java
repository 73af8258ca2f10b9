package dev.tally.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.testing.Sql;
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
 */
final class RawUsageOracle {

    /** How rows are grouped: the grouping expressions over per_hour (and its joins), and the JSON names. */
    enum Dimension {
        DAY("per_hour.day::text", "date"),
        WEEK("date_trunc('week', per_hour.day)::date::text", "week_start"),
        AGENT("per_hour.agent_id::text", "agent_id", "ag.name", "agent_name"),
        PROJECT("per_hour.project_id::text", "project_id", "p.title", "project_title");

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
                       sum(cache_write_tokens)::bigint, sum(tasks)::bigint, sum(events)::bigint
                FROM (
                    SELECT (tu.created_at AT TIME ZONE ?)::date AS day,
                           date_trunc('hour', tu.created_at AT TIME ZONE 'UTC') AS utc_hour,
                           a.workspace_id, t.runtime_id, t.agent_id, i.project_id, tu.provider, tu.model,
                           sum(tu.input_tokens) AS input_tokens, sum(tu.output_tokens) AS output_tokens,
                           sum(tu.cache_read_tokens) AS cache_read_tokens,
                           sum(tu.cache_write_tokens) AS cache_write_tokens,
                           count(DISTINCT tu.task_id) AS tasks, count(*) AS events
                    FROM task_usage tu
                    JOIN agent_task_queue t ON t.id = tu.task_id
                    JOIN agent a ON a.id = t.agent_id
                    LEFT JOIN issue i ON i.id = t.issue_id
                    WHERE (?::uuid IS NULL OR a.workspace_id = ?::uuid)
                      AND (?::uuid IS NULL OR i.project_id = ?::uuid)
                      AND (?::uuid IS NULL OR t.runtime_id = ?::uuid)
                    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                ) per_hour
                LEFT JOIN agent ag ON ag.id = per_hour.agent_id
                LEFT JOIN project p ON p.id = per_hour.project_id
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
        return RunningReportApp.JSON.valueToTree(json);
    }

    /** The rows of a response, for comparing with {@link #rows}. */
    static List<JsonNode> rowsOf(JsonNode response) {
        List<JsonNode> rows = new ArrayList<>();
        response.path("rows").forEach(rows::add);
        return rows;
    }
}
