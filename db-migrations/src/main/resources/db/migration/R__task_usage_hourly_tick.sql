-- The tick's window policy and the SQL entry point for pg_cron. rollup-app runs the same policy
-- in Java (RollupPolicy) over the same helpers; tests hold both to the same results.

-- The first raw change at or after p_since (NULL when none): ticks skip the empty span before it.
CREATE OR REPLACE FUNCTION task_usage_hourly_first_change_since(p_since TIMESTAMPTZ)
RETURNS TIMESTAMPTZ
LANGUAGE sql
STABLE
AS $$
    SELECT LEAST(
        (SELECT min(updated_at) FROM task_usage WHERE updated_at >= p_since),
        (SELECT min(created_at) FROM task_usage WHERE updated_at IS NULL AND created_at >= p_since));
$$;

-- The start of the oldest transaction open in this database (NULL when none). A writer stamps
-- updated_at with its transaction's start but commits later; a window that ended after that start
-- could pass the row before it is visible and never see it. Windows end before this instant.
-- (Needs pg_read_all_stats, or the writers' role, to see other roles' transactions.)
CREATE OR REPLACE FUNCTION task_usage_hourly_oldest_open_xact_start()
RETURNS TIMESTAMPTZ
LANGUAGE sql
STABLE
AS $$
    SELECT min(xact_start)
    FROM pg_stat_activity
    WHERE datname = current_database()
      AND backend_type = 'client backend'
      AND pid <> pg_backend_pid();
$$;

-- The next window: [watermark, min(now - lag, oldest open transaction, first change + max window)).
-- Empty when the watermark has reached the horizon; never before the watermark.
CREATE OR REPLACE FUNCTION task_usage_hourly_next_window(
    p_lag INTERVAL,
    p_max_window INTERVAL,
    OUT window_from TIMESTAMPTZ,
    OUT window_to TIMESTAMPTZ)
LANGUAGE plpgsql
STABLE
AS $$
DECLARE
    v_horizon TIMESTAMPTZ;
BEGIN
    SELECT watermark_at INTO window_from FROM task_usage_hourly_rollup_state WHERE id = 1;
    v_horizon := LEAST(now() - p_lag, task_usage_hourly_oldest_open_xact_start());
    IF v_horizon <= window_from THEN
        window_to := window_from;
        RETURN;
    END IF;
    window_to := LEAST(
        v_horizon,
        GREATEST(window_from, COALESCE(task_usage_hourly_first_change_since(window_from), v_horizon)) + p_max_window);
END;
$$;

-- One tick, for pg_cron: SELECT rollup_task_usage_hourly();
-- Lag and window cap come from the settings tally.rollup_lag and tally.rollup_max_window
-- (ALTER DATABASE ... SET), defaulting to 5 minutes and 1 day as in rollup-app.
--
-- Returns the hourly rows written or deleted; 0 when another tick holds the lock; NULL when the
-- tick failed. A failure is recorded in the state row and raised as a WARNING, not re-raised: a
-- function cannot commit on its own, and re-raising would roll the record back with the rest
-- (upstream lost every error that way). The failed work itself rolls back to the block's start.
CREATE OR REPLACE FUNCTION rollup_task_usage_hourly()
RETURNS BIGINT
LANGUAGE plpgsql
AS $$
DECLARE
    v_started TIMESTAMPTZ := clock_timestamp();
    v_window RECORD;
    v_counts RECORD;
    v_error TEXT;
BEGIN
    IF NOT try_lock_task_usage_hourly_tick() THEN
        RETURN 0;
    END IF;
    BEGIN
        SELECT * INTO v_window FROM task_usage_hourly_next_window(
            COALESCE(NULLIF(current_setting('tally.rollup_lag', true), ''), '5 minutes')::INTERVAL,
            COALESCE(NULLIF(current_setting('tally.rollup_max_window', true), ''), '1 day')::INTERVAL);
        SELECT * INTO v_counts FROM task_usage_hourly_recompute(v_window.window_from, v_window.window_to);
        UPDATE task_usage_hourly_rollup_state
        SET watermark_at = GREATEST(watermark_at, v_window.window_to),
            last_run_started_at = v_started,
            last_run_finished_at = clock_timestamp(),
            last_success_at = clock_timestamp(),
            last_run_keys = v_counts.keys_recomputed,
            last_run_rows = v_counts.rows_written + v_counts.rows_deleted,
            last_error = NULL
        WHERE id = 1;
        RETURN v_counts.rows_written + v_counts.rows_deleted;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT;
        UPDATE task_usage_hourly_rollup_state
        SET last_run_started_at = v_started,
            last_run_finished_at = clock_timestamp(),
            last_error = v_error
        WHERE id = 1;
        RAISE WARNING 'rollup_task_usage_hourly failed: %', v_error;
        RETURN NULL;
    END;
END;
$$;

-- Seconds since the last successful tick finished (NULL before the first): alert when it exceeds
-- a few intervals. Upstream measured from the last run, failed or not, which hid failing ticks.
CREATE OR REPLACE FUNCTION task_usage_hourly_rollup_lag_seconds()
RETURNS DOUBLE PRECISION
LANGUAGE sql
STABLE
AS $$
    SELECT EXTRACT(EPOCH FROM (now() - last_success_at))::DOUBLE PRECISION
    FROM task_usage_hourly_rollup_state
    WHERE id = 1;
$$;
