-- The slice once took a single workspace; dropping that signature makes an old caller fail loudly
-- instead of reaching a function that no longer exists in this shape.
DROP FUNCTION IF EXISTS task_usage_hourly_backfill_slice(TEXT, UUID, TIMESTAMPTZ, TIMESTAMPTZ);

-- Backfill and repair: make every hourly row of some workspaces whose hour falls in [p_from, p_to)
-- equal to its raw rows (insert, replace, delete): the tick's replace over the period's hours, in
-- one transaction that holds the tick lock, so no tick interleaves. Writers that commit during the
-- slice are not lost: their changes reach the rollup through the watermark sweep or the dirty
-- queue like any other. Records one slice per workspace as done for p_run_key in the same
-- transaction, so a resumed run skips exactly the slices that committed. The workspaces of one
-- period share one read of its raw rows (the raw table has no workspace column, so a
-- per-workspace slice would read the period once per workspace).
CREATE OR REPLACE FUNCTION task_usage_hourly_backfill_slice(
    p_run_key TEXT,
    p_workspace_ids UUID[],
    p_from TIMESTAMPTZ,
    p_to TIMESTAMPTZ)
RETURNS TABLE (workspace_id UUID, raw_rows BIGINT, rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE sql
AS $$
    WITH
    replaced AS (
        SELECT * FROM task_usage_hourly_replace(NULL, task_usage_hours_between(p_from, p_to), p_workspace_ids)
    ),
    per_workspace AS (
        SELECT ws.id AS workspace_id,
               COALESCE(r.raw_rows, 0)::BIGINT AS raw_rows,
               COALESCE(r.rows_written, 0)::BIGINT AS rows_written,
               COALESCE(r.rows_deleted, 0)::BIGINT AS rows_deleted
        FROM unnest(p_workspace_ids) AS ws (id)
        LEFT JOIN replaced r ON r.workspace_id = ws.id
    ),
    recorded AS (
        INSERT INTO task_usage_hourly_backfill_slice
            (run_key, workspace_id, slice_from, slice_to, raw_rows, rows_written, rows_deleted)
        SELECT p_run_key, w.workspace_id, p_from, p_to, w.raw_rows, w.rows_written, w.rows_deleted
        FROM per_workspace w
        ON CONFLICT (run_key, workspace_id, slice_from) DO UPDATE
        SET slice_to = EXCLUDED.slice_to, raw_rows = EXCLUDED.raw_rows, rows_written = EXCLUDED.rows_written,
            rows_deleted = EXCLUDED.rows_deleted, finished_at = now()
    )
    SELECT w.workspace_id, w.raw_rows, w.rows_written, w.rows_deleted FROM per_workspace w;
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
