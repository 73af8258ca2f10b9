-- Backfill and repair: make every hourly row of one workspace whose hour falls in
-- [p_from, p_to) equal to its raw rows (insert, replace, delete), in one transaction that holds
-- the tick lock, so no tick interleaves. Writers that commit during the slice are not lost: their
-- changes reach the rollup through the watermark sweep or the dirty queue like any other.
-- Records the slice as done for p_run_key in the same transaction, so a resumed run skips exactly
-- the slices that committed.
CREATE OR REPLACE FUNCTION task_usage_hourly_backfill_slice(
    p_run_key TEXT,
    p_workspace_id UUID,
    p_from TIMESTAMPTZ,
    p_to TIMESTAMPTZ)
RETURNS TABLE (raw_rows BIGINT, rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE plpgsql
AS $$
DECLARE
    v_raw_rows BIGINT;
    v_keys task_usage_hourly_key[];
    v_replaced RECORD;
BEGIN
    PERFORM lock_task_usage_hourly_tick();

    SELECT count(*),
           COALESCE(array_agg(DISTINCT ROW(task_usage_hour_bucket(tu.created_at), a.workspace_id, t.runtime_id,
                                           t.agent_id, i.project_id, tu.provider, tu.model)::task_usage_hourly_key),
                    '{}')
    INTO v_raw_rows, v_keys
    FROM task_usage tu
    JOIN agent_task_queue t ON t.id = tu.task_id
    JOIN agent a ON a.id = t.agent_id
    LEFT JOIN issue i ON i.id = t.issue_id
    WHERE a.workspace_id = p_workspace_id
      AND tu.created_at >= p_from AND tu.created_at < p_to;

    -- Rows with no raw rows left (a corrupted or stale range) are deleted by the replace.
    v_keys := v_keys || ARRAY(
        SELECT ROW(h.bucket_hour, h.workspace_id, h.runtime_id, h.agent_id, h.project_id, h.provider,
                   h.model)::task_usage_hourly_key
        FROM task_usage_hourly h
        WHERE h.workspace_id = p_workspace_id
          AND h.bucket_hour >= task_usage_hour_bucket(p_from) AND h.bucket_hour < p_to);

    SELECT * INTO v_replaced FROM task_usage_hourly_replace(v_keys);

    INSERT INTO task_usage_hourly_backfill_slice
        (run_key, workspace_id, slice_from, slice_to, raw_rows, rows_written, rows_deleted)
    VALUES (p_run_key, p_workspace_id, p_from, p_to, v_raw_rows, v_replaced.rows_written, v_replaced.rows_deleted)
    ON CONFLICT (run_key, workspace_id, slice_from) DO UPDATE
    SET slice_to = EXCLUDED.slice_to, raw_rows = EXCLUDED.raw_rows, rows_written = EXCLUDED.rows_written,
        rows_deleted = EXCLUDED.rows_deleted, finished_at = now();

    RETURN QUERY SELECT v_raw_rows, v_replaced.rows_written, v_replaced.rows_deleted;
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
