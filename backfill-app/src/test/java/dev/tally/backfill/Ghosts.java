package dev.tally.backfill;

import dev.tally.testing.TestDatabase;
import java.util.UUID;

/**
 * Every kind of row a rollup can hold that raw does not justify, planted on a rolled-up history
 * without running a tick: what a full backfill must remove and verify must find.
 */
final class Ghosts {

    private static final String KEY = "bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model";
    /** Rows of real hours, not the ones {@link #rowsOutsideTheRawRange} plants. */
    private static final String INSIDE_RAW = "bucket_hour > '2002-01-01' AND bucket_hour < now()";
    private static final String SUMS = "input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, task_count, event_count";

    private Ghosts() {
    }

    /** Deletes a workspace with usage (its agents, runtimes, tasks and raw rows go; its rollup rows stay). */
    static UUID deleteAWorkspace(TestDatabase db) {
        UUID workspace = db.sql().single("SELECT workspace_id FROM task_usage_hourly GROUP BY workspace_id "
                + "ORDER BY workspace_id LIMIT 1", UUID.class);
        db.sql().update("DELETE FROM workspace WHERE id = ?", workspace);
        return workspace;
    }

    /** Deletes an agent with usage in a workspace that stays (its tasks and raw rows go). */
    static UUID deleteAnAgent(TestDatabase db) {
        UUID agent = db.sql().single("SELECT h.agent_id FROM task_usage_hourly h JOIN workspace w ON w.id = h.workspace_id "
                + "GROUP BY h.agent_id ORDER BY h.agent_id LIMIT 1", UUID.class);
        db.sql().update("DELETE FROM agent WHERE id = ?", agent);
        return agent;
    }

    /** A key with no raw rows in an hour that has some: a runtime and an agent that never existed. */
    static int inventAKey(TestDatabase db) {
        return copyARow(db, "h.bucket_hour", "gen_random_uuid()");
    }

    /** Rows of a workspace that no longer exists (the tick never saw it go). */
    static UUID rowsOfAWorkspaceThatIsGone(TestDatabase db) {
        UUID gone = UUID.randomUUID();
        copyARow(db, "h.bucket_hour", "h.runtime_id", "'" + gone + "'::uuid");
        return gone;
    }

    /** Rows in hours before the oldest and after the newest raw row. */
    static int rowsOutsideTheRawRange(TestDatabase db) {
        return copyARow(db, "TIMESTAMPTZ '2001-02-03 04:00Z'", "h.runtime_id")
                + copyARow(db, "date_trunc('hour', now() + INTERVAL '40 days')", "h.runtime_id");
    }

    /** Wrong sums: one hourly row, and one quarter row of another key. */
    static int wrongSums(TestDatabase db) {
        return db.sql().update("UPDATE task_usage_hourly SET input_tokens = input_tokens + 7 "
                        + "WHERE ctid = (SELECT ctid FROM task_usage_hourly WHERE " + INSIDE_RAW + " ORDER BY " + KEY + " DESC LIMIT 1)")
                + db.sql().update("UPDATE task_usage_hourly_quarter SET cost_usd_ticks = cost_usd_ticks + 3 "
                        + "WHERE ctid = (SELECT ctid FROM task_usage_hourly_quarter WHERE " + INSIDE_RAW + " ORDER BY " + KEY
                        + " LIMIT 1 OFFSET 5)");
    }

    /** A missing row: one hourly row and its quarters deleted. */
    static int deleteARow(TestDatabase db) {
        return db.sql().update("WITH gone AS (DELETE FROM task_usage_hourly WHERE ctid = (SELECT ctid FROM "
                + "task_usage_hourly ORDER BY " + KEY + " LIMIT 1 OFFSET 3) RETURNING " + KEY + ") "
                + "DELETE FROM task_usage_hourly_quarter q USING gone g WHERE (q.bucket_hour, q.workspace_id, "
                + "q.runtime_id, q.agent_id, q.provider, q.model) = (g.bucket_hour, g.workspace_id, g.runtime_id, "
                + "g.agent_id, g.provider, g.model) AND q.project_id IS NOT DISTINCT FROM g.project_id");
    }

    /** Copies one existing hourly row, and its quarters, to the hour {@code hour} and the runtime and agent {@code id}. */
    private static int copyARow(TestDatabase db, String hour, String id) {
        return copyARow(db, hour, id, "h.workspace_id");
    }

    private static int copyARow(TestDatabase db, String hour, String id, String workspace) {
        String pick = "(SELECT ctid FROM task_usage_hourly ORDER BY " + KEY + " LIMIT 1 OFFSET 11)";
        boolean newIds = !id.startsWith("h.");
        return db.sql().update("WITH s AS MATERIALIZED (SELECT " + hour + " AS nk_hour, " + workspace + " AS nk_workspace, "
                + (newIds ? id + " AS nk_runtime, " + id + " AS nk_agent, " : "h.runtime_id AS nk_runtime, h.agent_id AS nk_agent, ")
                + "h.* FROM task_usage_hourly h WHERE ctid = " + pick + "), "
                + "q AS (INSERT INTO task_usage_hourly_quarter (quarter, " + KEY + ", " + SUMS + ") "
                + "SELECT q.quarter, s.nk_hour, s.nk_workspace, s.nk_runtime, s.nk_agent, s.project_id, s.provider, s.model, "
                + "q.input_tokens, q.output_tokens, q.cache_read_tokens, q.cache_write_tokens, q.task_count, q.event_count "
                + "FROM s JOIN task_usage_hourly_quarter q ON (q.bucket_hour, q.workspace_id, q.runtime_id, q.agent_id, "
                + "q.provider, q.model) = (s.bucket_hour, s.workspace_id, s.runtime_id, s.agent_id, s.provider, s.model) "
                + "AND q.project_id IS NOT DISTINCT FROM s.project_id) "
                + "INSERT INTO task_usage_hourly (" + KEY + ", " + SUMS + ") "
                + "SELECT s.nk_hour, s.nk_workspace, s.nk_runtime, s.nk_agent, s.project_id, s.provider, s.model, "
                + "s.input_tokens, s.output_tokens, s.cache_read_tokens, s.cache_write_tokens, s.task_count, s.event_count "
                + "FROM s");
    }
}
