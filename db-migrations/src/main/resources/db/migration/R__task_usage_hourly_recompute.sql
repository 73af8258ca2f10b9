-- The recompute: REPLACE, never add. Every key that changed is recomputed from all of its raw
-- rows, so running any window again, or overlapping windows, gives the same rollup.

-- One tick at a time across every process: rollup-app replicas, the pg_cron entry, backfill
-- slices and manual calls all take this lock. It is transaction-scoped: a cancelled, timed-out or
-- killed tick releases it with its transaction. (Upstream held a session lock, which a cancelled
-- tick left behind on a pooled connection, silently stopping the rollup.)
CREATE OR REPLACE FUNCTION try_lock_task_usage_hourly_tick()
RETURNS BOOLEAN
LANGUAGE sql
AS $$ SELECT pg_try_advisory_xact_lock(4246); $$;

CREATE OR REPLACE FUNCTION lock_task_usage_hourly_tick()
RETURNS VOID
LANGUAGE sql
AS $$ SELECT pg_advisory_xact_lock(4246); $$;

-- The write half of every recompute, shared by the replace and the backfill: the text of a CTE
-- named written that upserts the rows of a CTE named recomputed (one row per key, the project
-- coalesced to the nil UUID) and returns the workspace of each row it changed. An unchanged row is
-- not rewritten: no dead tuple, no WAL, and the count says what changed. Rows whose key has no raw
-- rows left are each caller's to delete, as each knows what it covered.
CREATE OR REPLACE FUNCTION task_usage_hourly_written_cte()
RETURNS TEXT
LANGUAGE sql
IMMUTABLE
AS $function$ SELECT $written$
    written AS (
        INSERT INTO task_usage_hourly AS h
            (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model,
             input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, task_count, event_count)
        SELECT bucket_hour, workspace_id, runtime_id, agent_id,
               NULLIF(project_key, '00000000-0000-0000-0000-000000000000'), provider, model,
               input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, task_count, event_count
        FROM recomputed
        ON CONFLICT ON CONSTRAINT uq_task_usage_hourly_key DO UPDATE
        SET input_tokens = EXCLUDED.input_tokens,
            output_tokens = EXCLUDED.output_tokens,
            cache_read_tokens = EXCLUDED.cache_read_tokens,
            cache_write_tokens = EXCLUDED.cache_write_tokens,
            task_count = EXCLUDED.task_count,
            event_count = EXCLUDED.event_count,
            updated_at = now()
        WHERE (h.input_tokens, h.output_tokens, h.cache_read_tokens, h.cache_write_tokens, h.task_count, h.event_count)
              IS DISTINCT FROM
              (EXCLUDED.input_tokens, EXCLUDED.output_tokens, EXCLUDED.cache_read_tokens,
               EXCLUDED.cache_write_tokens, EXCLUDED.task_count, EXCLUDED.event_count)
        RETURNING h.workspace_id
    )$written$;
$function$;

-- Replaces the hourly rows of p_keys with the sums of their raw rows, and deletes the rows of keys
-- that have no raw rows left. The core of every tick, prune and backfill slice.
--
-- * Cost follows the work: raw rows are read by the keys' hours (an index range on created_at),
--   not by everything their runtime and agent ever did (upstream's join grew with history).
-- * Waits for the tick lock, so two replaces never interleave their snapshots: with REPLACE
--   semantics the older snapshot writing last would win and leave a row stale.
--
-- NULL projects are joined through the nil UUID, which gen_random_uuid() never produces, so
-- every join stays a hashable equality.
--
-- The plan is pinned where the planner could not know the sizes (planned once for any array, it
-- guessed 10 keys; an hour's rows come from a parameter range): unpinned, it joined the keys to
-- every task of their runtime and agent first, upstream's D8 plan (a one-week backfill slice of 186
-- raw rows read 327,000 rows, 38 s), or hashed all of agent_task_queue (a scan of history on every
-- tick). So: the raw rows are read by hour behind a MATERIALIZED fence, each row's task is looked up
-- by primary key (OFFSET 0 keeps that lookup a per-row subquery), agents and issues are hashed
-- behind a second fence, and emptied keys are found with a hashed NOT IN rather than a nested loop
-- over the recomputed rows. docs/benchmarks.md has the plans and the measurements.
CREATE OR REPLACE FUNCTION task_usage_hourly_replace(p_keys task_usage_hourly_key[])
RETURNS TABLE (keys_recomputed BIGINT, rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE plpgsql
-- The planner's row estimates for an hour range are far too high, which pushed the statement's
-- cost past the JIT thresholds: compiling took 2-3 s for a replace that runs in 1.5 s.
SET jit = off
AS $$
DECLARE
    v_dirty_hours BIGINT;
    v_history_hours DOUBLE PRECISION;
BEGIN
    PERFORM lock_task_usage_hourly_tick();

    -- When most of history is dirty (a mass correction, a full backfill), hashing every task once
    -- is cheaper than one lookup per raw row; otherwise the lookups keep the cost off history.
    SELECT count(DISTINCT k.bucket_hour) INTO v_dirty_hours FROM unnest(p_keys) AS k;
    SELECT EXTRACT(EPOCH FROM (max(created_at) - min(created_at))) / 3600 INTO v_history_hours FROM task_usage;

    -- EXECUTE plans this statement for the keys at hand: the planner sees how many there are.
    RETURN QUERY EXECUTE format($replace$
    WITH
    dirty_keys AS (
        SELECT DISTINCT k.bucket_hour, k.workspace_id, k.runtime_id, k.agent_id,
               COALESCE(k.project_id, '00000000-0000-0000-0000-000000000000') AS project_key,
               k.provider, k.model
        FROM unnest($1) AS k
    ),
    dirty_hours AS (
        SELECT DISTINCT bucket_hour FROM dirty_keys
    ),
    usage_in_dirty_hours AS MATERIALIZED (
        SELECT h.bucket_hour, tu.task_id, tu.provider, tu.model,
               tu.input_tokens, tu.output_tokens, tu.cache_read_tokens, tu.cache_write_tokens
        FROM dirty_hours h
        JOIN task_usage tu ON tu.created_at >= h.bucket_hour AND tu.created_at < h.bucket_hour + INTERVAL '1 hour'
    ),
    -- Each row's task by primary key, never a scan of the tasks' history (unless most hours are
    -- dirty, see above); materialized, so agents and issues (small tables) are joined to all rows
    -- at once, not searched row by row.
    usage_with_task AS MATERIALIZED (
        SELECT u.*, t.runtime_id, t.agent_id, t.issue_id
        FROM usage_in_dirty_hours u
        CROSS JOIN LATERAL (
            SELECT t.runtime_id, t.agent_id, t.issue_id FROM agent_task_queue t WHERE t.id = u.task_id %1$s
        ) t
    ),
    raw_in_dirty_hours AS (
        SELECT w.bucket_hour, a.workspace_id, w.runtime_id, w.agent_id,
               COALESCE(i.project_id, '00000000-0000-0000-0000-000000000000') AS project_key,
               w.provider, w.model, w.task_id,
               w.input_tokens, w.output_tokens, w.cache_read_tokens, w.cache_write_tokens
        FROM usage_with_task w
        JOIN agent a ON a.id = w.agent_id
        LEFT JOIN issue i ON i.id = w.issue_id
    ),
    recomputed AS (
        SELECT r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model,
               SUM(r.input_tokens)::BIGINT       AS input_tokens,
               SUM(r.output_tokens)::BIGINT      AS output_tokens,
               SUM(r.cache_read_tokens)::BIGINT  AS cache_read_tokens,
               SUM(r.cache_write_tokens)::BIGINT AS cache_write_tokens,
               COUNT(DISTINCT r.task_id)         AS task_count,
               COUNT(*)                          AS event_count
        FROM raw_in_dirty_hours r
        JOIN dirty_keys USING (bucket_hour, workspace_id, runtime_id, agent_id, project_key, provider, model)
        GROUP BY r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model
    ),
    %2$s,
    deleted AS (
        DELETE FROM task_usage_hourly h
        USING dirty_keys k
        WHERE h.bucket_hour = k.bucket_hour
          AND h.workspace_id = k.workspace_id
          AND h.runtime_id = k.runtime_id
          AND h.agent_id = k.agent_id
          AND COALESCE(h.project_id, '00000000-0000-0000-0000-000000000000') = k.project_key
          AND h.provider = k.provider
          AND h.model = k.model
          -- No NULLs on either side (project_key is coalesced), so NOT IN means NOT EXISTS here.
          AND (k.bucket_hour, k.workspace_id, k.runtime_id, k.agent_id, k.project_key, k.provider, k.model) NOT IN (
              SELECT r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model
              FROM recomputed r)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM dirty_keys),
           (SELECT count(*) FROM written),
           (SELECT count(*) FROM deleted)
    $replace$, CASE WHEN v_dirty_hours > 0.25 * v_history_hours THEN '' ELSE 'OFFSET 0' END,
               task_usage_hourly_written_cte()) USING p_keys;
END;
$$;

-- Recomputes every key of a raw row whose updated_at (created_at for legacy rows without one)
-- falls in [p_from, p_to), and every queued key enqueued before p_queued_before; then drains
-- exactly the queue entries it read. An entry re-queued by a writer after that read carries a new
-- change_seq; one a writer is re-queuing right now is locked and skipped. Either way it survives
-- for the next tick. (Upstream drained by enqueued_at in a later statement, with a newer
-- snapshot, and could delete keys it never recomputed.)
CREATE OR REPLACE FUNCTION task_usage_hourly_recompute(
    p_from TIMESTAMPTZ,
    p_to TIMESTAMPTZ,
    p_queued_before TIMESTAMPTZ DEFAULT 'infinity')
RETURNS TABLE (keys_recomputed BIGINT, rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE plpgsql
AS $$
DECLARE
    v_read_seqs BIGINT[];
    v_keys task_usage_hourly_key[];
BEGIN
    PERFORM lock_task_usage_hourly_tick();

    SELECT COALESCE(array_agg(d.change_seq), '{}'),
           COALESCE(array_agg(ROW(d.bucket_hour, d.workspace_id, d.runtime_id, d.agent_id,
                                  d.project_id, d.provider, d.model)::task_usage_hourly_key), '{}')
    INTO v_read_seqs, v_keys
    FROM task_usage_hourly_dirty d
    WHERE d.enqueued_at < p_queued_before;

    v_keys := v_keys || ARRAY(
        SELECT ROW(task_usage_hour_bucket(c.created_at), a.workspace_id, t.runtime_id, t.agent_id,
                   i.project_id, c.provider, c.model)::task_usage_hourly_key
        FROM (SELECT tu.task_id, tu.created_at, tu.provider, tu.model
              FROM task_usage tu
              WHERE tu.updated_at >= p_from AND tu.updated_at < p_to
              UNION ALL
              SELECT tu.task_id, tu.created_at, tu.provider, tu.model
              FROM task_usage tu
              WHERE tu.updated_at IS NULL AND tu.created_at >= p_from AND tu.created_at < p_to) c
        JOIN agent_task_queue t ON t.id = c.task_id
        JOIN agent a ON a.id = t.agent_id
        LEFT JOIN issue i ON i.id = t.issue_id);

    RETURN QUERY SELECT * FROM task_usage_hourly_replace(v_keys);

    DELETE FROM task_usage_hourly_dirty d
    USING (SELECT change_seq
           FROM task_usage_hourly_dirty
           WHERE change_seq = ANY (v_read_seqs)
           FOR UPDATE SKIP LOCKED) still_as_read
    WHERE d.change_seq = still_as_read.change_seq;
END;
$$;

-- Seed-compatible entry point for playbooks: recompute one window and the queue; returns the
-- number of hourly rows written or deleted.
CREATE OR REPLACE FUNCTION rollup_task_usage_hourly_window(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
RETURNS BIGINT
LANGUAGE sql
AS $$
    SELECT rows_written + rows_deleted FROM task_usage_hourly_recompute(p_from, p_to);
$$;

-- Processes, then drains, queue entries older than the retention. Upstream deleted them
-- unprocessed, so after a pause longer than the retention invalidations were lost; an entry only
-- grows old when no tick has processed it, so dropping one is always a loss. Ticks drain the whole
-- queue, so this only finds work after ticks have stopped. Returns the keys processed, 0 when a
-- tick holds the lock.
CREATE OR REPLACE FUNCTION prune_task_usage_hourly_dirty(p_retention INTERVAL DEFAULT INTERVAL '7 days')
RETURNS BIGINT
LANGUAGE plpgsql
AS $$
BEGIN
    IF NOT try_lock_task_usage_hourly_tick() THEN
        RETURN 0;
    END IF;
    RETURN (SELECT keys_recomputed
            FROM task_usage_hourly_recompute('-infinity', '-infinity', now() - p_retention));
END;
$$;
