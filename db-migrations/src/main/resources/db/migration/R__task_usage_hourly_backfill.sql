-- The slice once took a single workspace; dropping that signature makes an old caller fail loudly
-- instead of reaching a function that no longer exists in this shape.
DROP FUNCTION IF EXISTS task_usage_hourly_backfill_slice(TEXT, UUID, TIMESTAMPTZ, TIMESTAMPTZ);

-- A backfill run works in two steps (V007). First it stages the sums of its whole range, with no
-- lock: task_usage_hourly_backfill_open_stage commits the stage's horizon, so ticks journal what
-- they drain from then on, and task_usage_hourly_backfill_stage then sums every raw row of the
-- range in one statement (one hashed read of raw rows and tasks when the range is most of history,
-- as a plain GROUP BY over history does). Then task_usage_hourly_backfill_slice merges one period
-- at a time under the tick lock. A period that is short enough for the lock costs the read of
-- its staged and held rows, not of its raw rows and every task they belong to.

-- Opens (or reopens) run p_run_key's stage: drops what it staged before and fixes its horizon,
-- before which every raw change had committed (the earlier of now and the oldest open
-- transaction). Stages of other runs left open over a day are dropped with their rows, and
-- journaled keys no open stage needs. Must commit before the stage's sums are read.
CREATE OR REPLACE FUNCTION task_usage_hourly_backfill_open_stage(p_run_key TEXT)
RETURNS TIMESTAMPTZ
LANGUAGE plpgsql
AS $$
DECLARE
    v_horizon TIMESTAMPTZ := LEAST(now(), task_usage_hourly_oldest_open_xact_start());
BEGIN
    PERFORM task_usage_hourly_backfill_close_stage(p_run_key);
    DELETE FROM task_usage_hourly_staged s
    USING task_usage_hourly_backfill_stage g
    WHERE g.opened_at <= now() - INTERVAL '1 day' AND s.run_key = g.run_key;
    DELETE FROM task_usage_hourly_backfill_stage g WHERE g.opened_at <= now() - INTERVAL '1 day';
    INSERT INTO task_usage_hourly_backfill_stage (run_key, horizon) VALUES (p_run_key, v_horizon);
    RETURN v_horizon;
END;
$$;

-- Stages the sums of every key of the workspaces p_workspace_ids (the nil UUID: every workspace)
-- in the hours of [p_from, p_to), both grains. Takes no lock; returns the raw rows summed.
CREATE OR REPLACE FUNCTION task_usage_hourly_backfill_stage(
    p_run_key TEXT,
    p_workspace_ids UUID[],
    p_from TIMESTAMPTZ,
    p_to TIMESTAMPTZ)
RETURNS BIGINT
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan
SET jit = off
-- One statement over up to all history: room to hash every task and the groups in memory rather
-- than spill them in batches to disk. Memory only this statement holds, once, while it runs.
SET work_mem = '256MB'
AS $$
DECLARE
    v_hours TIMESTAMPTZ[] := task_usage_hours_between(p_from, p_to);
    v_raw_rows BIGINT;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM task_usage_hourly_backfill_stage WHERE run_key = p_run_key) THEN
        RAISE EXCEPTION 'backfill run % has no open stage', p_run_key;
    END IF;
    WITH staged AS (
        INSERT INTO task_usage_hourly_staged
        SELECT p_run_key, r.*
        FROM task_usage_hourly_sums(v_hours, task_usage_hourly_mass_read(v_hours), NULL,
                                    task_usage_hourly_workspace_scope(p_workspace_ids)) r
        RETURNING level, event_count
    )
    SELECT COALESCE(sum(event_count) FILTER (WHERE level = -1), 0) INTO v_raw_rows FROM staged;
    RETURN v_raw_rows;
END;
$$;

-- Drops run p_run_key's stage and staged sums, and the journaled keys no open stage needs. The last
-- stage to close empties both scratch tables at once (TRUNCATE: deleting a rebuild's sums row by row
-- took 0.3-0.5 s at 1M). Stages open and close one at a time (the table lock), so a stage found
-- alone stays alone until this commits. A tick that journals a key meanwhile waits for the TRUNCATE,
-- and a key it journals for a stage just closed is only recomputed once more by a later merge.
CREATE OR REPLACE FUNCTION task_usage_hourly_backfill_close_stage(p_run_key TEXT)
RETURNS VOID
LANGUAGE plpgsql
AS $$
BEGIN
    LOCK TABLE task_usage_hourly_backfill_stage IN SHARE ROW EXCLUSIVE MODE;
    DELETE FROM task_usage_hourly_backfill_stage WHERE run_key = p_run_key;
    IF NOT EXISTS (SELECT 1 FROM task_usage_hourly_backfill_stage) THEN
        TRUNCATE task_usage_hourly_staged, task_usage_hourly_drained;
        RETURN;
    END IF;
    DELETE FROM task_usage_hourly_staged WHERE run_key = p_run_key;
    DELETE FROM task_usage_hourly_drained
    WHERE drained_at < (SELECT min(opened_at) FROM task_usage_hourly_backfill_stage);
END;
$$;

-- A slice's workspaces as the replace takes them: NULL (every workspace, including ones that no
-- longer exist) when the nil UUID is among them.
CREATE OR REPLACE FUNCTION task_usage_hourly_workspace_scope(p_workspace_ids UUID[])
RETURNS UUID[]
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT CASE WHEN '00000000-0000-0000-0000-000000000000'::UUID = ANY (p_workspace_ids) THEN NULL
                ELSE p_workspace_ids END;
$$;

-- Backfill and repair: make every hourly row of some workspaces whose hour falls in [p_from, p_to)
-- equal to its raw rows (insert, replace, delete), in one transaction that holds the tick lock,
-- so no tick interleaves. Records one slice per workspace as done for p_run_key in the same
-- transaction, so a resumed run skips exactly the slices that committed.
--
-- With an open stage for p_run_key, the period's sums come from it, except for the keys that may
-- have changed since it was read, which are summed from raw here: keys of raw rows changed at or
-- after the stage's horizon, keys queued now, and keys ticks drained since the stage opened
-- (journaled). Without one, the period's raw rows are read here, as the tick reads its hours.
-- Writers that commit during the slice are not lost: their changes reach the rollup through the
-- watermark sweep or the dirty queue like any other.
--
-- The nil UUID in p_workspace_ids stands for every workspace, including ones that no longer exist:
-- the replace then runs with no workspace filter, so rows of deleted workspaces, agents and
-- runtimes, and keys with no raw rows left, go too. A backfill over all workspaces runs this way,
-- one slice per period recorded under the nil UUID, so it never depends on the tick (or on which
-- workspaces exist) to leave the rollup equal to raw.
CREATE OR REPLACE FUNCTION task_usage_hourly_backfill_slice(
    p_run_key TEXT,
    p_workspace_ids UUID[],
    p_from TIMESTAMPTZ,
    p_to TIMESTAMPTZ)
RETURNS TABLE (workspace_id UUID, raw_rows BIGINT, rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE plpgsql
AS $$
#variable_conflict use_column
DECLARE
    v_scope UUID[] := task_usage_hourly_workspace_scope(p_workspace_ids);
    v_horizon TIMESTAMPTZ;
    v_changed_since task_usage_hourly_key[];
BEGIN
    -- Before reading what changed: no tick may drain the queue between that read and the merge.
    PERFORM lock_task_usage_hourly_tick();
    SELECT g.horizon INTO v_horizon FROM task_usage_hourly_backfill_stage g WHERE g.run_key = p_run_key;
    IF v_horizon IS NOT NULL THEN
        v_changed_since := ARRAY(
            SELECT DISTINCT k
            FROM (SELECT ROW(j.bucket_hour, j.workspace_id, j.runtime_id, j.agent_id, j.project_id, j.provider,
                             j.model)::task_usage_hourly_key AS k
                  FROM task_usage_hourly_drained j
                  WHERE j.bucket_hour >= p_from AND j.bucket_hour < p_to
                  UNION ALL
                  SELECT ROW(d.bucket_hour, d.workspace_id, d.runtime_id, d.agent_id, d.project_id, d.provider,
                             d.model)::task_usage_hourly_key
                  FROM task_usage_hourly_dirty d
                  WHERE d.bucket_hour >= p_from AND d.bucket_hour < p_to
                  UNION ALL
                  SELECT c
                  FROM task_usage_hourly_changed_keys(v_horizon, 'infinity') c
                  WHERE c.bucket_hour >= p_from AND c.bucket_hour < p_to) changed
            WHERE v_scope IS NULL OR (k).workspace_id = ANY (v_scope));
    END IF;

    RETURN QUERY
    WITH
    replaced AS (
        SELECT r.*
        FROM task_usage_hourly_replace(v_changed_since, task_usage_hours_between(p_from, p_to), v_scope,
                                       CASE WHEN v_horizon IS NOT NULL THEN p_run_key END) r
    ),
    per_workspace AS (
        SELECT ws.id AS workspace_id,
               COALESCE(sum(r.raw_rows), 0)::BIGINT AS raw_rows,
               COALESCE(sum(r.rows_written), 0)::BIGINT AS rows_written,
               COALESCE(sum(r.rows_deleted), 0)::BIGINT AS rows_deleted
        FROM unnest(p_workspace_ids) AS ws (id)
        LEFT JOIN replaced r
               ON r.workspace_id = ws.id OR ws.id = '00000000-0000-0000-0000-000000000000'
        GROUP BY ws.id
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

-- ---------------------------------------------------------------------------------------------
-- Verify: the rollup against a GROUP BY over raw through the rule, inside the database (no row
-- leaves it), per UTC day and workspace. Hourly and quarter rows both count; a row is missing (raw
-- has its key, the rollup not), extra (the rollup holds a key raw does not: a deleted workspace,
-- agent or runtime, an invented key, an hour outside the raw range) or different (any sum).
--
-- One statement, so one snapshot: raw, the rollup, the watermark and the dirty queue are read as
-- of the same instant, and a writer, tick or backfill slice committing meanwhile is either wholly
-- in it or wholly out of it. It takes no lock. A difference in an hour the rollup is legitimately
-- behind on right now (task_usage_hourly_stale_hours: a raw row changed at or after the
-- watermark, or a queued key) is counted as pending, never as drift and never as clean: the next
-- tick recomputes those keys. Days and workspaces that agree are not returned.
--
-- The raw side is the replace's own read (task_usage_attributed, one hashed scan of all raw rows
-- when the hours cover more than a quarter of history), so verify costs about one GROUP BY over
-- the range plus one read of the rollup's rows in it.
CREATE OR REPLACE FUNCTION task_usage_hourly_verify(
    p_from TIMESTAMPTZ,
    p_to TIMESTAMPTZ,
    p_workspace_ids UUID[] DEFAULT NULL)
RETURNS TABLE (day DATE, workspace_id UUID, missing BIGINT, extra BIGINT, different BIGINT, pending BIGINT)
LANGUAGE plpgsql
STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    v_hours TIMESTAMPTZ[] := task_usage_hours_between(p_from, p_to);
    v_mass_read BOOLEAN := task_usage_hourly_mass_read(v_hours);
BEGIN

    RETURN QUERY
    WITH
    stale AS MATERIALIZED (
        SELECT DISTINCT s.bucket_hour FROM task_usage_hourly_stale_hours(p_from, p_to) s
    ),
    expected AS (
        SELECT * FROM task_usage_hourly_sums(v_hours, v_mass_read, NULL, p_workspace_ids)
    ),
    held AS (
        SELECT h.bucket_hour, h.workspace_id, h.runtime_id, h.agent_id,
               COALESCE(h.project_id, '00000000-0000-0000-0000-000000000000') AS project_key, h.provider, h.model,
               -1::SMALLINT AS level,
               h.input_tokens, h.output_tokens, h.cache_read_tokens, h.cache_write_tokens, h.cost_usd_ticks,
               h.uncosted_input_tokens, h.uncosted_output_tokens, h.uncosted_cache_read_tokens,
               h.uncosted_cache_write_tokens, h.task_count, h.event_count
        FROM task_usage_hourly h
        WHERE h.bucket_hour >= p_from AND h.bucket_hour < p_to
          AND (p_workspace_ids IS NULL OR h.workspace_id = ANY (p_workspace_ids))
        UNION ALL
        SELECT q.bucket_hour, q.workspace_id, q.runtime_id, q.agent_id,
               COALESCE(q.project_id, '00000000-0000-0000-0000-000000000000'), q.provider, q.model,
               q.quarter,
               q.input_tokens, q.output_tokens, q.cache_read_tokens, q.cache_write_tokens, q.cost_usd_ticks,
               q.uncosted_input_tokens, q.uncosted_output_tokens, q.uncosted_cache_read_tokens,
               q.uncosted_cache_write_tokens, q.task_count, q.event_count
        FROM task_usage_hourly_quarter q
        WHERE q.bucket_hour >= p_from AND q.bucket_hour < p_to
          AND (p_workspace_ids IS NULL OR q.workspace_id = ANY (p_workspace_ids))
    ),
    compared AS (
        SELECT COALESCE(e.bucket_hour, h.bucket_hour) AS bucket_hour,
               COALESCE(e.workspace_id, h.workspace_id) AS workspace_id,
               h.event_count IS NULL AS is_missing,
               e.event_count IS NULL AS is_extra
        FROM expected e
        FULL JOIN held h
               ON h.bucket_hour = e.bucket_hour AND h.workspace_id = e.workspace_id AND h.runtime_id = e.runtime_id
              AND h.agent_id = e.agent_id AND h.project_key = e.project_key AND h.provider = e.provider
              AND h.model = e.model AND h.level = e.level
        WHERE (e.input_tokens, e.output_tokens, e.cache_read_tokens, e.cache_write_tokens, e.cost_usd_ticks,
               e.uncosted_input_tokens, e.uncosted_output_tokens, e.uncosted_cache_read_tokens,
               e.uncosted_cache_write_tokens, e.task_count, e.event_count)
                  IS DISTINCT FROM
              (h.input_tokens, h.output_tokens, h.cache_read_tokens, h.cache_write_tokens, h.cost_usd_ticks,
               h.uncosted_input_tokens, h.uncosted_output_tokens, h.uncosted_cache_read_tokens,
               h.uncosted_cache_write_tokens, h.task_count, h.event_count)
    )
    SELECT (c.bucket_hour AT TIME ZONE 'UTC')::DATE, c.workspace_id,
           count(*) FILTER (WHERE s.bucket_hour IS NULL AND c.is_missing),
           count(*) FILTER (WHERE s.bucket_hour IS NULL AND c.is_extra),
           count(*) FILTER (WHERE s.bucket_hour IS NULL AND NOT c.is_missing AND NOT c.is_extra),
           count(*) FILTER (WHERE s.bucket_hour IS NOT NULL)
    FROM compared c
    LEFT JOIN stale s ON s.bucket_hour = c.bucket_hour
    GROUP BY 1, 2
    ORDER BY 1, 2;
END;
$$;

-- verify --repair: makes every row of the hours in [p_from, p_to) of the workspaces p_workspace_ids
-- equal to raw, under the tick lock. A workspace that no longer exists may be named: it has no raw
-- rows, so its rows go. Records no backfill progress: a repair is one short transaction per day.
CREATE OR REPLACE FUNCTION task_usage_hourly_repair(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_workspace_ids UUID[])
RETURNS TABLE (rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE sql
AS $$
    SELECT COALESCE(sum(r.rows_written), 0)::BIGINT, COALESCE(sum(r.rows_deleted), 0)::BIGINT
    FROM task_usage_hourly_replace(NULL, task_usage_hours_between(p_from, p_to), p_workspace_ids) r;
$$;
