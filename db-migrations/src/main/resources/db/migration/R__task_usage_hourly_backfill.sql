-- The slice once took a single workspace; dropping that signature makes an old caller fail loudly
-- instead of reaching a function that no longer exists in this shape.
DROP FUNCTION IF EXISTS task_usage_hourly_backfill_slice(TEXT, UUID, TIMESTAMPTZ, TIMESTAMPTZ);

-- Backfill and repair: make every hourly row of some workspaces whose hour falls in [p_from, p_to)
-- equal to its raw rows (insert, replace, delete), in one transaction that holds the tick lock, so
-- no tick interleaves. Writers that commit during the slice are not lost: their changes reach the
-- rollup through the watermark sweep or the dirty queue like any other. Records one slice per
-- workspace as done for p_run_key in the same transaction, so a resumed run skips exactly the
-- slices that committed.
--
-- One statement, shaped like the rebuild floor (a GROUP BY over the range's raw rows) and merged
-- into the rollup, rather than the tick's key-by-key replace: a backfill recomputes everything in
-- its range, and the workspaces of one period share one read of its raw rows (the raw table has
-- no workspace column, so a per-workspace slice would read the period once per workspace).
CREATE OR REPLACE FUNCTION task_usage_hourly_backfill_slice(
    p_run_key TEXT,
    p_workspace_ids UUID[],
    p_from TIMESTAMPTZ,
    p_to TIMESTAMPTZ)
RETURNS TABLE (workspace_id UUID, raw_rows BIGINT, rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE plpgsql
-- As in the replace: estimates for a time range are high enough to cross the JIT thresholds,
-- and compiling costs more than the statement.
SET jit = off
AS $$
DECLARE
    -- The hours that start in [p_from, p_to), as a range of raw created_at: [v_first_hour, v_end).
    v_first_hour TIMESTAMPTZ := task_usage_hour_bucket(p_from + INTERVAL '1 hour' - INTERVAL '1 microsecond');
    v_end TIMESTAMPTZ := task_usage_hour_bucket(p_to + INTERVAL '1 hour' - INTERVAL '1 microsecond');
BEGIN
    PERFORM lock_task_usage_hourly_tick();

    -- EXECUTE plans the statement for each call's range and workspaces. $1 run key, $2 workspaces,
    -- $3 and $4 the raw range, $5 and $6 the slice as recorded.
    RETURN QUERY EXECUTE format($slice$
    WITH
    recomputed AS (
        SELECT task_usage_hour_bucket(tu.created_at) AS bucket_hour, a.workspace_id, t.runtime_id, t.agent_id,
               COALESCE(i.project_id, '00000000-0000-0000-0000-000000000000') AS project_key,
               tu.provider, tu.model,
               SUM(tu.input_tokens)::BIGINT       AS input_tokens,
               SUM(tu.output_tokens)::BIGINT      AS output_tokens,
               SUM(tu.cache_read_tokens)::BIGINT  AS cache_read_tokens,
               SUM(tu.cache_write_tokens)::BIGINT AS cache_write_tokens,
               COUNT(DISTINCT tu.task_id)         AS task_count,
               COUNT(*)                           AS event_count
        FROM task_usage tu
        JOIN agent_task_queue t ON t.id = tu.task_id
        JOIN agent a ON a.id = t.agent_id
        LEFT JOIN issue i ON i.id = t.issue_id
        WHERE tu.created_at >= $3 AND tu.created_at < $4
          AND a.workspace_id = ANY ($2)
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    ),
    %s,
    -- Rows with no raw rows left (a corrupted or stale range).
    deleted AS (
        DELETE FROM task_usage_hourly h
        WHERE h.workspace_id = ANY ($2)
          AND h.bucket_hour >= $3 AND h.bucket_hour < $4
          AND NOT EXISTS (
              SELECT 1 FROM recomputed r
              WHERE r.bucket_hour = h.bucket_hour
                AND r.workspace_id = h.workspace_id
                AND r.runtime_id = h.runtime_id
                AND r.agent_id = h.agent_id
                AND r.project_key = COALESCE(h.project_id, '00000000-0000-0000-0000-000000000000')
                AND r.provider = h.provider
                AND r.model = h.model)
        RETURNING h.workspace_id
    ),
    per_workspace AS (
        SELECT ws.id AS workspace_id,
               COALESCE(r.raw_rows, 0)::BIGINT AS raw_rows,
               COALESCE(w.rows, 0) AS rows_written,
               COALESCE(d.rows, 0) AS rows_deleted
        FROM unnest($2) AS ws (id)
        LEFT JOIN (SELECT workspace_id, sum(event_count) AS raw_rows FROM recomputed GROUP BY 1) r ON r.workspace_id = ws.id
        LEFT JOIN (SELECT workspace_id, count(*) AS rows FROM written GROUP BY 1) w ON w.workspace_id = ws.id
        LEFT JOIN (SELECT workspace_id, count(*) AS rows FROM deleted GROUP BY 1) d ON d.workspace_id = ws.id
    ),
    recorded AS (
        INSERT INTO task_usage_hourly_backfill_slice
            (run_key, workspace_id, slice_from, slice_to, raw_rows, rows_written, rows_deleted)
        SELECT $1, workspace_id, $5, $6, raw_rows, rows_written, rows_deleted
        FROM per_workspace
        ON CONFLICT (run_key, workspace_id, slice_from) DO UPDATE
        SET slice_to = EXCLUDED.slice_to, raw_rows = EXCLUDED.raw_rows, rows_written = EXCLUDED.rows_written,
            rows_deleted = EXCLUDED.rows_deleted, finished_at = now()
    )
    SELECT workspace_id, raw_rows, rows_written, rows_deleted FROM per_workspace
    $slice$, task_usage_hourly_written_cte())
    USING p_run_key, p_workspace_ids, v_first_hour, v_end, p_from, p_to;
END;
$$;

-- After a backfill covered every workspace up to p_horizon: the sweep may continue from there.
-- Never moves the watermark backwards.
CREATE OR REPLACE FUNCTION task_usage_hourly_advance_watermark(p_horizon TIMESTAMPTZ)
RETURNS TIMESTAMPTZ
LANGUAGE plpgsql
AS $$
DECLARE
    v_watermark TIMESTAMPTZ;
BEGIN
    PERFORM lock_task_usage_hourly_tick();
    UPDATE task_usage_hourly_rollup_state
    SET watermark_at = GREATEST(watermark_at, p_horizon)
    WHERE id = 1
    RETURNING watermark_at INTO v_watermark;
    RETURN v_watermark;
END;
$$;
