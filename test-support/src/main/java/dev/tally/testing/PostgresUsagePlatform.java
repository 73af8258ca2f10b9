package dev.tally.testing;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.rollup.UsageEvent;
import dev.tally.domain.rollup.UsagePlatform;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.sql.DataSource;

/**
 * The platform's writes, made to real source tables the way the upstream platform makes them, so
 * every trigger path of the pipeline runs. How the rollup is ticked is up to the test (the Java
 * tick, the SQL tick, a backfill).
 */
public final class PostgresUsagePlatform implements UsagePlatform {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Sql sql;
    private final IntSupplier tickUntilCaughtUp;

    public PostgresUsagePlatform(DataSource dataSource, IntSupplier tickUntilCaughtUp) {
        this.sql = new Sql(dataSource);
        this.tickUntilCaughtUp = tickUntilCaughtUp;
    }

    @Override
    public UUID aWorkspace() {
        String name = "workspace-" + NAMES.incrementAndGet();
        return insert("INSERT INTO workspace (name, slug) VALUES (?, ?) RETURNING id", name, name);
    }

    @Override
    public UUID aRuntimeIn(UUID workspaceId) {
        return insert("INSERT INTO agent_runtime (workspace_id, name, provider) VALUES (?, ?, 'claude') RETURNING id",
                workspaceId, "runtime-" + NAMES.incrementAndGet());
    }

    @Override
    public UUID anAgentIn(UUID workspaceId, UUID runtimeId) {
        return insert("INSERT INTO agent (workspace_id, runtime_id, name) VALUES (?, ?, ?) RETURNING id",
                workspaceId, runtimeId, "agent-" + NAMES.incrementAndGet());
    }

    @Override
    public UUID aProjectIn(UUID workspaceId) {
        return insert("INSERT INTO project (workspace_id, title) VALUES (?, ?) RETURNING id",
                workspaceId, "project-" + NAMES.incrementAndGet());
    }

    @Override
    public UUID anIssueIn(UUID workspaceId, UUID projectId) {
        return insert("INSERT INTO issue (workspace_id, project_id, number) VALUES (?, ?, ?) RETURNING id",
                workspaceId, projectId, NAMES.incrementAndGet());
    }

    @Override
    public UUID aTask(UUID agentId, UUID runtimeId, UUID issueId) {
        return insert("INSERT INTO agent_task_queue (agent_id, runtime_id, issue_id, status) "
                + "VALUES (?, ?, ?, 'completed') RETURNING id", agentId, runtimeId, issueId);
    }

    /** The upstream UpsertTaskUsage: a correction replaces the counts and bumps updated_at. */
    @Override
    public void reportUsage(UUID taskId, String provider, String model, Instant createdAt, Tokens tokens) {
        sql.update("""
                INSERT INTO task_usage (task_id, provider, model, input_tokens, output_tokens,
                                        cache_read_tokens, cache_write_tokens, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (task_id, provider, model) DO UPDATE
                SET input_tokens = EXCLUDED.input_tokens,
                    output_tokens = EXCLUDED.output_tokens,
                    cache_read_tokens = EXCLUDED.cache_read_tokens,
                    cache_write_tokens = EXCLUDED.cache_write_tokens,
                    updated_at = now()
                """, taskId, provider, model, tokens.input(), tokens.output(), tokens.cacheRead(),
                tokens.cacheWrite(), utc(createdAt));
    }

    @Override
    public void reassignTaskToRuntime(UUID taskId, UUID runtimeId) {
        sql.update("UPDATE agent_task_queue SET runtime_id = ? WHERE id = ?", runtimeId, taskId);
    }

    @Override
    public void linkTaskToIssue(UUID taskId, UUID issueId) {
        sql.update("UPDATE agent_task_queue SET issue_id = ? WHERE id = ?", issueId, taskId);
    }

    @Override
    public void moveIssueToProject(UUID issueId, UUID projectId) {
        sql.update("UPDATE issue SET project_id = ? WHERE id = ?", projectId, issueId);
    }

    @Override
    public void deleteUsage(UUID taskId, String provider, String model) {
        sql.update("DELETE FROM task_usage WHERE task_id = ? AND provider = ? AND model = ?", taskId, provider, model);
    }

    @Override
    public void deleteTask(UUID taskId) {
        sql.update("DELETE FROM agent_task_queue WHERE id = ?", taskId);
    }

    @Override
    public void deleteIssue(UUID issueId) {
        sql.update("DELETE FROM issue WHERE id = ?", issueId);
    }

    @Override
    public void deleteProject(UUID projectId) {
        sql.update("DELETE FROM project WHERE id = ?", projectId);
    }

    @Override
    public void deleteAgent(UUID agentId) {
        sql.update("DELETE FROM agent WHERE id = ?", agentId);
    }

    @Override
    public void deleteRuntime(UUID runtimeId) {
        sql.update("DELETE FROM agent_runtime WHERE id = ?", runtimeId);
    }

    @Override
    public void deleteWorkspace(UUID workspaceId) {
        sql.update("DELETE FROM workspace WHERE id = ?", workspaceId);
    }

    @Override
    public int tickUntilCaughtUp() {
        return tickUntilCaughtUp.getAsInt();
    }

    @Override
    public Map<BucketKey, UsageTotals> rollup() {
        Map<BucketKey, UsageTotals> rollup = new LinkedHashMap<>();
        sql.query("""
                SELECT bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model,
                       input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, task_count, event_count
                FROM task_usage_hourly
                """, row -> rollup.put(
                        new BucketKey(instant(row, "bucket_hour"), uuid(row, "workspace_id"), uuid(row, "runtime_id"),
                                uuid(row, "agent_id"), uuid(row, "project_id"), row.getString("provider"),
                                row.getString("model")),
                        new UsageTotals(row.getLong("input_tokens"), row.getLong("output_tokens"),
                                row.getLong("cache_read_tokens"), row.getLong("cache_write_tokens"),
                                row.getLong("task_count"), row.getLong("event_count"))));
        return rollup;
    }

    @Override
    public List<UsageEvent> rawEvents() {
        return sql.query("""
                SELECT tu.task_id, tu.created_at, a.workspace_id, t.runtime_id, t.agent_id, i.project_id,
                       tu.provider, tu.model, tu.input_tokens, tu.output_tokens, tu.cache_read_tokens, tu.cache_write_tokens
                FROM task_usage tu
                JOIN agent_task_queue t ON t.id = tu.task_id
                JOIN agent a ON a.id = t.agent_id
                LEFT JOIN issue i ON i.id = t.issue_id
                """, row -> new UsageEvent(uuid(row, "task_id"), instant(row, "created_at"),
                        uuid(row, "workspace_id"), uuid(row, "runtime_id"), uuid(row, "agent_id"),
                        uuid(row, "project_id"), row.getString("provider"), row.getString("model"),
                        row.getLong("input_tokens"), row.getLong("output_tokens"),
                        row.getLong("cache_read_tokens"), row.getLong("cache_write_tokens")));
    }

    private UUID insert(String statement, Object... params) {
        return sql.single(statement, UUID.class, params);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static UUID uuid(ResultSet row, String column) throws SQLException {
        return row.getObject(column, UUID.class);
    }
}
