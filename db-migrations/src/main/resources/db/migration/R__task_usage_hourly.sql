-- The rollup, top to bottom: the tick lock, the attribution rule, which hours are behind, the
-- replace, the tick's recompute and window, its bookkeeping, the pg_cron entry, and the read that
-- serves reports current to their snapshot. Every statement below is static SQL: run it under
-- EXPLAIN with its parameters filled in and you see the plan the tick runs.
--
-- The unit of work is the UTC hour. A tick, a prune, a backfill slice and a verify repair all do
-- the same thing: make every hourly row of some hours equal to the sums of those hours' raw rows
-- (REPLACE, never add), so running anything twice, or overlapping, gives the same rollup.

-- Retired shapes (from before the rule had one home); dropping them makes an old caller fail loudly.
DROP FUNCTION IF EXISTS task_usage_hourly_written_cte();
DROP FUNCTION IF EXISTS task_usage_changed_between(TIMESTAMPTZ, TIMESTAMPTZ);
DROP FUNCTION IF EXISTS task_usage_attributed(TIMESTAMPTZ[], BOOLEAN);
DROP FUNCTION IF EXISTS task_usage_hourly_current(TIMESTAMPTZ, TIMESTAMPTZ);
DROP FUNCTION IF EXISTS task_usage_hourly_replace(task_usage_hourly_key[]);
DROP FUNCTION IF EXISTS task_usage_hourly_replace(TIMESTAMPTZ[], UUID[]);
DROP FUNCTION IF EXISTS task_usage_hourly_replace(task_usage_hourly_key[], TIMESTAMPTZ[], UUID[]);

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

-- ---------------------------------------------------------------------------------------------
-- The attribution rule: the one definition of which hourly key a raw usage row belongs to. The
-- agent's workspace (never the issue's), the task's runtime and agent, the issue's project (NULL
-- without one), the row's provider and model, and the UTC hour it was created in.
--
-- The rule's task half, as a view: the workspace, runtime, agent and project a task's usage goes
-- to. The sweep attributes changed rows through it by task, having read them already.
CREATE OR REPLACE VIEW task_attribution AS
SELECT t.id AS task_id, t.issue_id, a.workspace_id, t.runtime_id, t.agent_id, i.project_id
FROM agent_task_queue t
JOIN agent a ON a.id = t.agent_id
LEFT JOIN issue i ON i.id = t.issue_id;

-- The whole rule, as a view of every raw row with its key: what the triggers read a few rows of
-- (every row of one task, one issue or one agent), and the definition the hour reader below
-- follows with its plan pinned.
CREATE OR REPLACE VIEW task_usage_attributed_rows AS
SELECT tu.id AS usage_id, tu.task_id, ta.issue_id,
       task_usage_hour_bucket(tu.created_at) AS bucket_hour, ta.workspace_id, ta.runtime_id, ta.agent_id,
       ta.project_id, tu.provider, tu.model, tu.created_at
FROM task_usage tu
JOIN task_attribution ta ON ta.task_id = tu.task_id;

-- Read by hour, because every consumer works by hour: the tick and the prune (the hours they must
-- recompute), the backfill and verify (the hours of a period) and the reports (the hours the
-- rollup is behind on). NULL projects come out as the nil UUID in project_key, which
-- gen_random_uuid() never produces, so consumers join keys with plain hashable equalities.
--
-- The plan is pinned where the planner cannot know sizes (a range built from a parameter is
-- estimated at a fixed fraction of the table; left alone it joined each hour to every task of
-- history, upstream's D8 plan): each hour's rows are read through the created_at index behind a
-- fence, and each row's task is looked up by primary key (OFFSET 0 keeps that lookup per row),
-- then agents and issues, small tables, are joined to all rows at once. p_mass_read switches to
-- one scan of the raw rows joined to task_attribution as written, which the planner hashes as a
-- plain GROUP BY over history would: cheaper when the hours cover most of history (a mass
-- correction, a full backfill's stage, verify); the other branch never runs (a one-time filter).
-- docs/benchmarks.md shows both plans.
--
-- p_workspace_id (NULL: every workspace) narrows the read to the rows that record that workspace
-- or none (task_usage.workspace_id, V008): a report's stale hour is then its own share of the
-- hour, not the platform's, through the (workspace_id, created_at) index. The rows it returns are
-- still every row's key by the rule; the caller keeps its workspace's.
CREATE OR REPLACE FUNCTION task_usage_attributed(
    p_hours TIMESTAMPTZ[], p_mass_read BOOLEAN DEFAULT false, p_workspace_id UUID DEFAULT NULL)
RETURNS TABLE (
    bucket_hour TIMESTAMPTZ, workspace_id UUID, runtime_id UUID, agent_id UUID, project_key UUID,
    provider TEXT, model TEXT, task_id UUID, created_at TIMESTAMPTZ, quarter SMALLINT,
    input_tokens BIGINT, output_tokens BIGINT, cache_read_tokens BIGINT, cache_write_tokens BIGINT,
    cost_usd_ticks BIGINT)
LANGUAGE sql
STABLE
AS $$
    WITH
    usage_in_hours AS MATERIALIZED (
        SELECT h.bucket_hour, tu.*
        FROM unnest(p_hours) AS h (bucket_hour)
        CROSS JOIN LATERAL (
            SELECT tu.task_id, tu.provider, tu.model, tu.created_at, task_usage_quarter_of(tu.created_at) AS quarter,
                   tu.input_tokens, tu.output_tokens, tu.cache_read_tokens, tu.cache_write_tokens, tu.cost_usd_ticks
            FROM task_usage tu
            WHERE tu.created_at >= h.bucket_hour AND tu.created_at < h.bucket_hour + INTERVAL '1 hour'
              AND (p_workspace_id IS NULL OR tu.workspace_id = p_workspace_id OR tu.workspace_id IS NULL)
            OFFSET 0
        ) tu
    ),
    -- A fence: without it the planner joins agents inside the per-row task lookup, a hash of the
    -- agent table built once per raw row.
    usage_with_task AS MATERIALIZED (
        SELECT u.*, t.runtime_id, t.agent_id, t.issue_id
        FROM usage_in_hours u
        CROSS JOIN LATERAL (
            SELECT t.runtime_id, t.agent_id, t.issue_id FROM agent_task_queue t WHERE t.id = u.task_id OFFSET 0
        ) t
    ),
    usage_attributed AS (
        SELECT w.bucket_hour, a.workspace_id, w.runtime_id, w.agent_id, i.project_id, w.provider, w.model,
               w.task_id, w.created_at, w.quarter,
               w.input_tokens, w.output_tokens, w.cache_read_tokens, w.cache_write_tokens, w.cost_usd_ticks
        FROM usage_with_task w
        JOIN agent a ON a.id = w.agent_id
        LEFT JOIN issue i ON i.id = w.issue_id
        WHERE NOT p_mass_read
        UNION ALL
        SELECT task_usage_hour_bucket(tu.created_at), ta.workspace_id, ta.runtime_id, ta.agent_id, ta.project_id,
               tu.provider, tu.model, tu.task_id, tu.created_at, task_usage_quarter_of(tu.created_at),
               tu.input_tokens, tu.output_tokens, tu.cache_read_tokens, tu.cache_write_tokens, tu.cost_usd_ticks
        FROM task_usage tu
        JOIN task_attribution ta ON ta.task_id = tu.task_id
        WHERE p_mass_read AND task_usage_hour_bucket(tu.created_at) = ANY (p_hours)
    )
    SELECT w.bucket_hour, w.workspace_id, w.runtime_id, w.agent_id,
           COALESCE(w.project_id, '00000000-0000-0000-0000-000000000000'), w.provider, w.model,
           w.task_id, w.created_at, w.quarter,
           w.input_tokens, w.output_tokens, w.cache_read_tokens, w.cache_write_tokens, w.cost_usd_ticks
    FROM usage_attributed w;
$$;

-- The one plan switch of task_usage_attributed: hash every task once when the hours cover more
-- than a quarter of history, else look each row's task up.
CREATE OR REPLACE FUNCTION task_usage_hourly_mass_read(p_hours TIMESTAMPTZ[])
RETURNS BOOLEAN
LANGUAGE sql
STABLE
AS $$
    SELECT cardinality(p_hours) > 0.25 * COALESCE(EXTRACT(EPOCH FROM (max(tu.created_at) - min(tu.created_at))) / 3600, 0)
    FROM task_usage tu;
$$;

-- Every UTC hour of a range, for callers that name a period rather than a set of hours: the hours
-- that start in [p_from, p_to).
CREATE OR REPLACE FUNCTION task_usage_hours_between(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
RETURNS TIMESTAMPTZ[]
LANGUAGE sql
IMMUTABLE
AS $$
    SELECT ARRAY(
        SELECT generate_series(
            task_usage_hour_bucket(p_from + INTERVAL '1 hour' - INTERVAL '1 microsecond'),
            p_to - INTERVAL '1 microsecond',
            INTERVAL '1 hour'));
$$;

-- ---------------------------------------------------------------------------------------------
-- Which hours the rollup is behind on.
--
-- A raw row's last change is its updated_at, which every upsert bumps; legacy rows written before
-- that column existed have none and count from created_at. The tick sweeps changes by this
-- instant, and the rollup is current for an hour only while none of its rows changed after the
-- watermark and no key of it is queued (reassignments and deletes leave no updated_at behind).
CREATE OR REPLACE FUNCTION task_usage_changed_between(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
RETURNS TABLE (usage_id UUID, task_id UUID, provider TEXT, model TEXT, created_at TIMESTAMPTZ, changed_at TIMESTAMPTZ)
LANGUAGE sql
STABLE
AS $$
    SELECT tu.id, tu.task_id, tu.provider, tu.model, tu.created_at, tu.updated_at
    FROM task_usage tu
    WHERE tu.updated_at >= p_from AND tu.updated_at < p_to
    UNION ALL
    SELECT tu.id, tu.task_id, tu.provider, tu.model, tu.created_at, tu.created_at
    FROM task_usage tu
    WHERE tu.updated_at IS NULL AND tu.created_at >= p_from AND tu.created_at < p_to;
$$;

-- The hours in [p_from, p_to) whose hourly rows may not equal their raw rows right now: a raw row
-- changed at or after the watermark, or a queued key. What a report reads from raw instead.
--
-- Per workspace when p_workspace_id is given: only that workspace's changes make an hour stale for
-- it (a changed row through its task's attribution; a queued key names its workspace, and a
-- change of attribution queues both sides). So a busy workspace writing into the current hour does
-- not send every other workspace's report to read that hour's raw rows.
--
-- The changed rows are found through the updated_at index alone (a fence keeps the planner from
-- combining it with a created_at range, which reads the index entries of the whole report range):
-- only the last few minutes' changes lie past the watermark while the rollup keeps up.
DROP FUNCTION IF EXISTS task_usage_hourly_stale_hours(TIMESTAMPTZ, TIMESTAMPTZ);
CREATE OR REPLACE FUNCTION task_usage_hourly_stale_hours(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_workspace_id UUID DEFAULT NULL)
RETURNS TABLE (bucket_hour TIMESTAMPTZ)
LANGUAGE sql
STABLE
AS $$
    WITH changed_since_watermark AS MATERIALIZED (
        SELECT c.task_id, c.created_at
        FROM task_usage_hourly_rollup_state s
        CROSS JOIN LATERAL task_usage_changed_between(s.watermark_at, 'infinity') c
        WHERE s.id = 1
    )
    SELECT task_usage_hour_bucket(c.created_at)
    FROM changed_since_watermark c
    WHERE c.created_at >= p_from AND c.created_at < p_to
      AND (p_workspace_id IS NULL
           OR EXISTS (SELECT 1 FROM task_attribution ta
                      WHERE ta.task_id = c.task_id AND ta.workspace_id = p_workspace_id))
    UNION
    SELECT d.bucket_hour
    FROM task_usage_hourly_dirty d
    WHERE d.bucket_hour >= p_from AND d.bucket_hour < p_to
      AND (p_workspace_id IS NULL OR d.workspace_id = p_workspace_id);
$$;

-- Both grains of the rollup as one relation: level -1 is the hour (task_usage_hourly), 0 to 3
-- its quarters (task_usage_hourly_quarter), with where each row lies in its table (row_ctid).
-- Conditions on it reach each table's own index.
CREATE OR REPLACE VIEW task_usage_hourly_grains AS
SELECT h.bucket_hour, h.workspace_id, h.runtime_id, h.agent_id, h.project_id, h.provider, h.model,
       -1::SMALLINT AS level,
       h.input_tokens, h.output_tokens, h.cache_read_tokens, h.cache_write_tokens, h.cost_usd_ticks,
       h.uncosted_input_tokens, h.uncosted_output_tokens, h.uncosted_cache_read_tokens,
       h.uncosted_cache_write_tokens, h.task_count, h.event_count, h.ctid AS row_ctid
FROM task_usage_hourly h
UNION ALL
SELECT q.bucket_hour, q.workspace_id, q.runtime_id, q.agent_id, q.project_id, q.provider, q.model,
       q.quarter,
       q.input_tokens, q.output_tokens, q.cache_read_tokens, q.cache_write_tokens, q.cost_usd_ticks,
       q.uncosted_input_tokens, q.uncosted_output_tokens, q.uncosted_cache_read_tokens,
       q.uncosted_cache_write_tokens, q.task_count, q.event_count, q.ctid
FROM task_usage_hourly_quarter q;

-- The sums the rollup must hold for some hours, both grains at once (GROUPING SETS: level -1 is
-- the key's hour, 0 to 3 its quarters, from one sort of the same rows): of the keys p_keys or,
-- when NULL, of every key of the workspaces p_workspace_ids (NULL: every workspace). The replace
-- writes them; verify compares them with what the rollup holds.
CREATE OR REPLACE FUNCTION task_usage_hourly_sums(
    p_hours TIMESTAMPTZ[], p_mass_read BOOLEAN, p_keys task_usage_hourly_key[], p_workspace_ids UUID[])
RETURNS TABLE (
    bucket_hour TIMESTAMPTZ, workspace_id UUID, runtime_id UUID, agent_id UUID, project_key UUID,
    provider TEXT, model TEXT, level SMALLINT,
    input_tokens BIGINT, output_tokens BIGINT, cache_read_tokens BIGINT, cache_write_tokens BIGINT,
    cost_usd_ticks BIGINT, uncosted_input_tokens BIGINT, uncosted_output_tokens BIGINT,
    uncosted_cache_read_tokens BIGINT, uncosted_cache_write_tokens BIGINT, task_count BIGINT, event_count BIGINT)
LANGUAGE sql
STABLE
AS $$
    SELECT r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model,
           CASE WHEN GROUPING(r.quarter) = 1 THEN -1 ELSE r.quarter END::SMALLINT,
           SUM(r.input_tokens)::BIGINT,
           SUM(r.output_tokens)::BIGINT,
           SUM(r.cache_read_tokens)::BIGINT,
           SUM(r.cache_write_tokens)::BIGINT,
           COALESCE(SUM(r.cost_usd_ticks), 0)::BIGINT,
           COALESCE(SUM(r.input_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT,
           COALESCE(SUM(r.output_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT,
           COALESCE(SUM(r.cache_read_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT,
           COALESCE(SUM(r.cache_write_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT,
           -- task_count: a task has one raw row per provider and model (task_usage's unique key),
           -- and the task fixes the rest of the key but the hour, which a row has one of. So each
           -- task counts once in a key and COUNT(*) is its distinct tasks: unlike COUNT(DISTINCT),
           -- it lets the planner hash the groups instead of sorting every row (the oracles still
           -- count distinct tasks).
           COUNT(*),
           COUNT(*)
    FROM task_usage_attributed(p_hours, p_mass_read) r
    WHERE CASE WHEN p_keys IS NOT NULL
               THEN (r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model)
                    IN (SELECT k.bucket_hour, k.workspace_id, k.runtime_id, k.agent_id,
                               COALESCE(k.project_id, '00000000-0000-0000-0000-000000000000'), k.provider, k.model
                        FROM unnest(p_keys) AS k)
               ELSE p_workspace_ids IS NULL OR r.workspace_id = ANY (p_workspace_ids) END
    GROUP BY GROUPING SETS (
        (r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model),
        (r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model, r.quarter));
$$;

-- ---------------------------------------------------------------------------------------------
-- The replace: makes hourly rows, and the quarters of their hours, equal to the sums of their raw
-- rows (inserting, updating and deleting as needed). What it covers is one of two scopes:
--   * p_keys: exactly these keys (the tick and the prune: what changed), or, when p_keys is NULL,
--   * every key of the hours p_hours, of the workspaces p_workspace_ids or, when NULL, of every
--     workspace, including ones that no longer exist: their rows have no raw rows left and go
--     (a backfill or a repair).
-- With p_staged_run (a backfill's merge) the scope is the hours and workspaces, and the sums are
-- the ones that run staged, except for the keys p_keys: they changed since, and are summed from
-- raw now.
-- Returns what it did to the hourly rows, per workspace (keys recomputed when called with keys alone:
-- the tick's figure; a period's merge has no use for it, and counting 10,000s of keys costs).
--
-- * Cost follows the work: raw rows are read by hour (see the rule), never by everything their
--   runtime and agent ever did; with keys, only the keys' rows are summed.
-- * One pass makes both grains (task_usage_hourly_sums): each key's hour and its quarters.
-- * Unchanged rows are not rewritten: the recomputed sums are compared with the rows held first,
--   so a no-op recompute leaves no dead tuple and no WAL, and the counts say what changed. A new
--   row is inserted, a held one updated or deleted where it lies (its ctid, read in the same
--   snapshot): nothing else writes the rollup while the tick lock is held.
-- * Waits for the tick lock, so two replaces never interleave their snapshots: with REPLACE
--   semantics the older snapshot writing last would win and leave a row stale.
CREATE OR REPLACE FUNCTION task_usage_hourly_replace(
    p_keys task_usage_hourly_key[],
    p_hours TIMESTAMPTZ[] DEFAULT NULL,
    p_workspace_ids UUID[] DEFAULT NULL,
    p_staged_run TEXT DEFAULT NULL)
RETURNS TABLE (workspace_id UUID, raw_rows BIGINT, keys_recomputed BIGINT, rows_written BIGINT, rows_deleted BIGINT)
LANGUAGE plpgsql
-- Each call planned for its own arguments (how many keys and hours, which scope), never a generic
-- plan: the scope's conditions below fold away to the one that applies.
SET plan_cache_mode = force_custom_plan
-- The planner's row estimates for an hour range are far too high, which pushed the statement's
-- cost past the JIT thresholds: compiling took 2-3 s for a replace that runs in 1.5 s.
SET jit = off
-- A mass correction hashes every task and sorts the rows it keeps: with the default 4 MB both went
-- to disk in batches (1b at 1M wrote and read 180 MB of temporary files). One replace runs at a
-- time (the tick lock), so this is memory one statement holds, once.
SET work_mem = '64MB'
AS $$
#variable_conflict use_column
DECLARE
    v_by_key BOOLEAN := p_keys IS NOT NULL AND p_staged_run IS NULL;
    -- The hours whose raw rows are read: the keys' hours, or the scope's unless it was staged.
    v_hours TIMESTAMPTZ[];
    v_mass_read BOOLEAN;
BEGIN
    PERFORM lock_task_usage_hourly_tick();

    v_hours := CASE WHEN p_keys IS NOT NULL THEN ARRAY(SELECT DISTINCT k.bucket_hour FROM unnest(p_keys) AS k)
                    WHEN p_staged_run IS NOT NULL THEN '{}'
                    ELSE ARRAY(SELECT DISTINCT h FROM unnest(p_hours) AS h) END;
    v_mass_read := task_usage_hourly_mass_read(v_hours);

    RETURN QUERY
    WITH
    scope_keys AS (
        SELECT DISTINCT k.bucket_hour, k.workspace_id, k.runtime_id, k.agent_id,
               COALESCE(k.project_id, '00000000-0000-0000-0000-000000000000') AS project_key, k.provider, k.model
        FROM unnest(p_keys) AS k
    ),
    recomputed AS (
        SELECT * FROM task_usage_hourly_sums(v_hours, v_mass_read, p_keys, p_workspace_ids)
        UNION ALL
        SELECT s.bucket_hour, s.workspace_id, s.runtime_id, s.agent_id, s.project_key, s.provider, s.model, s.level,
               s.input_tokens, s.output_tokens, s.cache_read_tokens, s.cache_write_tokens, s.cost_usd_ticks,
               s.uncosted_input_tokens, s.uncosted_output_tokens, s.uncosted_cache_read_tokens,
               s.uncosted_cache_write_tokens, s.task_count, s.event_count
        FROM task_usage_hourly_staged s
        WHERE s.run_key = p_staged_run AND s.bucket_hour = ANY (p_hours)
          AND (p_workspace_ids IS NULL OR s.workspace_id = ANY (p_workspace_ids))
          AND (s.bucket_hour, s.workspace_id, s.runtime_id, s.agent_id, s.project_key, s.provider, s.model)
              NOT IN (SELECT * FROM scope_keys)
    ),
    -- The rows held now for the same scope, both grains.
    held_rows AS (
        SELECT g.*
        FROM task_usage_hourly_grains g
        WHERE v_by_key
          AND (g.bucket_hour, g.workspace_id, g.runtime_id, g.agent_id,
               COALESCE(g.project_id, '00000000-0000-0000-0000-000000000000'), g.provider, g.model)
              IN (SELECT * FROM scope_keys)
        UNION ALL
        SELECT g.*
        FROM task_usage_hourly_grains g
        WHERE NOT v_by_key AND g.bucket_hour = ANY (p_hours)
          AND (p_workspace_ids IS NULL OR g.workspace_id = ANY (p_workspace_ids))
    ),
    held AS (
        SELECT h.bucket_hour, h.workspace_id, h.runtime_id, h.agent_id,
               COALESCE(h.project_id, '00000000-0000-0000-0000-000000000000') AS project_key, h.provider, h.model,
               h.level, h.input_tokens, h.output_tokens, h.cache_read_tokens, h.cache_write_tokens,
               h.cost_usd_ticks, h.uncosted_input_tokens, h.uncosted_output_tokens,
               h.uncosted_cache_read_tokens, h.uncosted_cache_write_tokens, h.task_count, h.event_count, h.row_ctid
        FROM held_rows h
    ),
    compared AS (
        SELECT bucket_hour, workspace_id, runtime_id, agent_id, project_key, provider, model, level,
               r.event_count IS NULL AS gone,
               k.event_count IS NULL AS fresh,
               k.row_ctid,
               (r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens, r.cost_usd_ticks,
                r.uncosted_input_tokens, r.uncosted_output_tokens, r.uncosted_cache_read_tokens,
                r.uncosted_cache_write_tokens, r.task_count, r.event_count)
                   IS DISTINCT FROM
               (k.input_tokens, k.output_tokens, k.cache_read_tokens, k.cache_write_tokens, k.cost_usd_ticks,
                k.uncosted_input_tokens, k.uncosted_output_tokens, k.uncosted_cache_read_tokens,
                k.uncosted_cache_write_tokens, k.task_count, k.event_count)
                   AS differs,
               r.input_tokens, r.output_tokens, r.cache_read_tokens, r.cache_write_tokens, r.cost_usd_ticks,
               r.uncosted_input_tokens, r.uncosted_output_tokens, r.uncosted_cache_read_tokens,
               r.uncosted_cache_write_tokens, r.task_count, r.event_count
        FROM recomputed r
        FULL JOIN held k USING (bucket_hour, workspace_id, runtime_id, agent_id, project_key, provider, model, level)
    ),
    -- Every row that must change: new, different, or gone (no raw rows left).
    changed AS (
        SELECT * FROM compared WHERE differs
    ),
    inserted AS (
        INSERT INTO task_usage_hourly
            (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model,
             input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd_ticks,
             uncosted_input_tokens, uncosted_output_tokens, uncosted_cache_read_tokens, uncosted_cache_write_tokens,
             task_count, event_count)
        SELECT c.bucket_hour, c.workspace_id, c.runtime_id, c.agent_id,
               NULLIF(c.project_key, '00000000-0000-0000-0000-000000000000'), c.provider, c.model,
               c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.cost_usd_ticks,
               c.uncosted_input_tokens, c.uncosted_output_tokens, c.uncosted_cache_read_tokens, c.uncosted_cache_write_tokens,
               c.task_count, c.event_count
        FROM changed c
        WHERE c.level = -1 AND c.fresh
        RETURNING workspace_id
    ),
    updated AS (
        UPDATE task_usage_hourly h
        SET (input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd_ticks,
             uncosted_input_tokens, uncosted_output_tokens, uncosted_cache_read_tokens, uncosted_cache_write_tokens,
             task_count, event_count, updated_at)
          = (c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.cost_usd_ticks,
             c.uncosted_input_tokens, c.uncosted_output_tokens, c.uncosted_cache_read_tokens,
             c.uncosted_cache_write_tokens, c.task_count, c.event_count, now())
        FROM changed c
        WHERE c.level = -1 AND NOT c.fresh AND NOT c.gone AND h.ctid = c.row_ctid
        RETURNING h.workspace_id
    ),
    inserted_quarters AS (
        INSERT INTO task_usage_hourly_quarter
            (bucket_hour, quarter, workspace_id, runtime_id, agent_id, project_id, provider, model,
             input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd_ticks,
             uncosted_input_tokens, uncosted_output_tokens, uncosted_cache_read_tokens, uncosted_cache_write_tokens,
             task_count, event_count)
        SELECT c.bucket_hour, c.level, c.workspace_id, c.runtime_id, c.agent_id,
               NULLIF(c.project_key, '00000000-0000-0000-0000-000000000000'), c.provider, c.model,
               c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.cost_usd_ticks,
               c.uncosted_input_tokens, c.uncosted_output_tokens, c.uncosted_cache_read_tokens, c.uncosted_cache_write_tokens,
               c.task_count, c.event_count
        FROM changed c
        WHERE c.level >= 0 AND c.fresh
    ),
    updated_quarters AS (
        UPDATE task_usage_hourly_quarter q
        SET (input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd_ticks,
             uncosted_input_tokens, uncosted_output_tokens, uncosted_cache_read_tokens, uncosted_cache_write_tokens,
             task_count, event_count, updated_at)
          = (c.input_tokens, c.output_tokens, c.cache_read_tokens, c.cache_write_tokens, c.cost_usd_ticks,
             c.uncosted_input_tokens, c.uncosted_output_tokens, c.uncosted_cache_read_tokens,
             c.uncosted_cache_write_tokens, c.task_count, c.event_count, now())
        FROM changed c
        WHERE c.level >= 0 AND NOT c.fresh AND NOT c.gone AND q.ctid = c.row_ctid
    ),
    written AS (
        SELECT i.workspace_id FROM inserted i
        UNION ALL
        SELECT u.workspace_id FROM updated u
    ),
    deleted AS (
        DELETE FROM task_usage_hourly h
        USING changed c
        WHERE c.level = -1 AND c.gone AND h.ctid = c.row_ctid
        RETURNING h.workspace_id
    ),
    deleted_quarters AS (
        DELETE FROM task_usage_hourly_quarter q
        USING changed c
        WHERE c.level >= 0 AND c.gone AND q.ctid = c.row_ctid
    ),
    -- Keys recomputed: every key asked for, and every key found in the hours' raw rows or rollup.
    keys AS (
        SELECT k.workspace_id, k.bucket_hour, k.runtime_id, k.agent_id, k.project_key, k.provider, k.model FROM scope_keys k
        UNION
        SELECT c.workspace_id, c.bucket_hour, c.runtime_id, c.agent_id, c.project_key, c.provider, c.model
        FROM compared c WHERE c.level = -1
    ),
    per_workspace AS (
        SELECT r.workspace_id, sum(r.event_count)::BIGINT AS raw_rows, 0::BIGINT AS keys, 0::BIGINT AS written, 0::BIGINT AS deleted
        FROM recomputed r WHERE r.level = -1 GROUP BY r.workspace_id
        UNION ALL
        SELECT k.workspace_id, 0, count(*), 0, 0 FROM keys k WHERE v_by_key GROUP BY k.workspace_id
        UNION ALL
        SELECT w.workspace_id, 0, 0, count(*), 0 FROM written w GROUP BY w.workspace_id
        UNION ALL
        SELECT d.workspace_id, 0, 0, 0, count(*) FROM deleted d GROUP BY d.workspace_id
    )
    SELECT p.workspace_id, sum(p.raw_rows)::BIGINT, sum(p.keys)::BIGINT, sum(p.written)::BIGINT, sum(p.deleted)::BIGINT
    FROM per_workspace p
    GROUP BY p.workspace_id;
END;
$$;

-- The keys of the raw rows changed in [p_from, p_to), as attributed now: the sweep's half of a
-- tick. The changed rows come with their hour, provider and model: only their tasks are looked up.
-- Distinct by column, then one key value each: a burst of new rows names the same few keys many
-- times over, and hashing plain columns is far cheaper than sorting composite values.
CREATE OR REPLACE FUNCTION task_usage_hourly_changed_keys(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ)
RETURNS SETOF task_usage_hourly_key
LANGUAGE sql
STABLE
AS $$
    SELECT DISTINCT task_usage_hour_bucket(c.created_at), ta.workspace_id, ta.runtime_id, ta.agent_id,
           ta.project_id, c.provider, c.model
    FROM task_usage_changed_between(p_from, p_to) c
    JOIN task_attribution ta ON ta.task_id = c.task_id;
$$;

-- ---------------------------------------------------------------------------------------------
-- The tick's recompute: replaces every key of a raw row changed in [p_from, p_to), and every key
-- queued before p_queued_before; then drains exactly the queue entries it read. An entry re-queued
-- by a writer after that read carries a new change_seq; one a writer is re-queuing right now is
-- locked and skipped. Either way it survives for the next tick. (Upstream drained by enqueued_at
-- in a later statement, with a newer snapshot, and could delete keys it never recomputed.)
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

    v_keys := v_keys || ARRAY(SELECT k FROM task_usage_hourly_changed_keys(p_from, p_to) k);

    RETURN QUERY
    SELECT COALESCE(sum(r.keys_recomputed), 0)::BIGINT, COALESCE(sum(r.rows_written), 0)::BIGINT,
           COALESCE(sum(r.rows_deleted), 0)::BIGINT
    FROM task_usage_hourly_replace(v_keys) r;

    -- While a backfill has a stage open, what is drained is journaled: its merges recompute those
    -- keys, which its staged sums may predate (V007). A stage left open a day is ignored.
    WITH drained AS (
        DELETE FROM task_usage_hourly_dirty d
        USING (SELECT change_seq
               FROM task_usage_hourly_dirty
               WHERE change_seq = ANY (v_read_seqs)
               FOR UPDATE SKIP LOCKED) still_as_read
        WHERE d.change_seq = still_as_read.change_seq
        RETURNING d.bucket_hour, d.workspace_id, d.runtime_id, d.agent_id, d.project_id, d.provider, d.model
    )
    INSERT INTO task_usage_hourly_drained (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model)
    SELECT * FROM drained
    WHERE EXISTS (SELECT 1 FROM task_usage_hourly_backfill_stage WHERE opened_at > now() - INTERVAL '1 day');
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

-- ---------------------------------------------------------------------------------------------
-- The tick's window. rollup-app runs the same policy in Java (RollupPolicy) over these helpers;
-- tests hold both to the same windows and the same rollup.

-- The first raw change at or after p_since (NULL when none): ticks skip the empty span before it.
CREATE OR REPLACE FUNCTION task_usage_hourly_first_change_since(p_since TIMESTAMPTZ)
RETURNS TIMESTAMPTZ
LANGUAGE sql
STABLE
AS $$
    SELECT min(c.changed_at) FROM task_usage_changed_between(p_since, 'infinity') c;
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

-- ---------------------------------------------------------------------------------------------
-- A tick's record in the state row, for the Java tick and the SQL tick alike. Success moves the
-- watermark (never backwards) in the tick's own transaction; a failure is recorded after the
-- failed work has rolled back (the Java tick in a transaction of its own, the SQL tick in its
-- exception handler), so the record survives the failure (upstream lost it, D1).
CREATE OR REPLACE FUNCTION task_usage_hourly_record_success(
    p_started_at TIMESTAMPTZ, p_watermark TIMESTAMPTZ, p_keys BIGINT, p_rows BIGINT)
RETURNS VOID
LANGUAGE sql
AS $$
    UPDATE task_usage_hourly_rollup_state
    SET watermark_at = GREATEST(watermark_at, p_watermark),
        last_run_started_at = p_started_at,
        last_run_finished_at = clock_timestamp(),
        last_success_at = clock_timestamp(),
        last_run_keys = p_keys,
        last_run_rows = p_rows,
        last_error = NULL
    WHERE id = 1;
$$;

CREATE OR REPLACE FUNCTION task_usage_hourly_record_failure(p_started_at TIMESTAMPTZ, p_error TEXT)
RETURNS VOID
LANGUAGE sql
AS $$
    UPDATE task_usage_hourly_rollup_state
    SET last_run_started_at = p_started_at,
        last_run_finished_at = clock_timestamp(),
        last_error = p_error
    WHERE id = 1;
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
        PERFORM task_usage_hourly_record_success(v_started, v_window.window_to,
            v_counts.keys_recomputed, v_counts.rows_written + v_counts.rows_deleted);
        RETURN v_counts.rows_written + v_counts.rows_deleted;
    EXCEPTION WHEN OTHERS OR query_canceled THEN
        GET STACKED DIAGNOSTICS v_error = MESSAGE_TEXT;
        PERFORM task_usage_hourly_record_failure(v_started, v_error);
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

-- ---------------------------------------------------------------------------------------------
-- ---------------------------------------------------------------------------------------------
-- What reports read.

-- The hours of [p_from, p_to) that a report in p_zone must read by quarter: those a local day
-- edge falls strictly inside (the local date differs between two of the hour's quarter edges and
-- its last instant), and the edge hours when the range itself starts or ends inside an hour. An
-- hour inside one local day is read whole. Whole-hour zones split no hour: they read no quarter.
CREATE OR REPLACE FUNCTION task_usage_split_hours(p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_zone TEXT)
RETURNS TABLE (bucket_hour TIMESTAMPTZ)
LANGUAGE sql
STABLE
AS $$
    SELECT h.hour
    FROM generate_series(task_usage_hour_bucket(p_from), p_to - INTERVAL '1 microsecond', INTERVAL '1 hour') AS h (hour)
    WHERE h.hour < p_from
       OR h.hour + INTERVAL '1 hour' > p_to
       OR (h.hour AT TIME ZONE p_zone)::DATE <> ANY (ARRAY[
              ((h.hour + INTERVAL '15 minutes') AT TIME ZONE p_zone)::DATE,
              ((h.hour + INTERVAL '30 minutes') AT TIME ZONE p_zone)::DATE,
              ((h.hour + INTERVAL '45 minutes') AT TIME ZONE p_zone)::DATE,
              ((h.hour + INTERVAL '1 hour' - INTERVAL '1 microsecond') AT TIME ZONE p_zone)::DATE]);
$$;

-- The quarters of some hours that a local day edge falls strictly inside. Every UTC offset in use
-- is a multiple of 15 minutes, and so, but for one zone, is every clock change: America/St_Johns
-- changed its clocks at 00:01 local until 2011, so on those days one minute after midnight belongs
-- to the new date and the repeated hour after it to the old one. Reports read such a quarter's raw
-- rows by the minute (clocks change on whole minutes).
CREATE OR REPLACE FUNCTION task_usage_split_quarters(p_hours TIMESTAMPTZ[], p_zone TEXT)
RETURNS TABLE (bucket_hour TIMESTAMPTZ, quarter SMALLINT)
LANGUAGE sql
STABLE
AS $$
    SELECT h.bucket_hour, q.quarter::SMALLINT
    FROM unnest(p_hours) AS h (bucket_hour)
    CROSS JOIN generate_series(0, 3) AS q (quarter)
    WHERE ((h.bucket_hour + q.quarter * INTERVAL '15 minutes') AT TIME ZONE p_zone)::DATE
          <> ((h.bucket_hour + (q.quarter + 1) * INTERVAL '15 minutes' - INTERVAL '1 microsecond') AT TIME ZONE p_zone)::DATE;
$$;

-- A price's span: from its effective_from until the next price of the same provider and model.
CREATE OR REPLACE VIEW model_price_span AS
SELECT p.provider, p.model, p.effective_from AS valid_from,
       COALESCE(lead(p.effective_from) OVER (PARTITION BY p.provider, p.model ORDER BY p.effective_from),
                'infinity') AS valid_to,
       p.input_usd_per_mtok, p.output_usd_per_mtok, p.cache_read_usd_per_mtok, p.cache_write_usd_per_mtok
FROM model_price p;

-- The usage of [p_from, p_to) in buckets that each lie inside one local day of p_zone (whole hours,
-- quarters of the hours a local day edge splits, minutes of the rare quarters it splits), current
-- to the caller's snapshot, and priced.
--
-- * Current: hours the rollup is behind on are summed from raw through the rule instead, and
--   replace the rollup's rows of that hour rather than add to them, so a correction replaces the
--   value it corrects and a row the last tick counted is not counted twice. Read it in one
--   REPEATABLE READ snapshot: a tick committing between the watermark, the queue, the rollup and
--   the raw reads would count an hour twice or not at all.
-- * Priced: cost_usd_ticks is what providers reported; the uncosted tokens are priced with the
--   price in force at the bucket's start (prices start on hour edges, so one price per bucket),
--   exactly, in USD; tokens without a price are unpriced_tokens, never $0. Providers match
--   case-insensitively (prices are stored lower-case), models exactly.
--
-- p_workspace_id (NULL: every workspace) limits it to one workspace, whose own changes alone then
-- decide which hours are read from raw (see task_usage_hourly_stale_hours). Callers narrow it to
-- their scope with a plain WHERE on workspace_id, project_id or runtime_id as well: the function
-- is inlined into their statement and the condition reaches every branch (the rollup's through
-- its index), in a generic plan as well as a custom one.
DROP FUNCTION IF EXISTS task_usage_hourly_current(TIMESTAMPTZ, TIMESTAMPTZ, TEXT);
CREATE OR REPLACE FUNCTION task_usage_hourly_current(
    p_from TIMESTAMPTZ, p_to TIMESTAMPTZ, p_zone TEXT, p_workspace_id UUID DEFAULT NULL)
RETURNS TABLE (
    bucket_start TIMESTAMPTZ, workspace_id UUID, runtime_id UUID, agent_id UUID, project_id UUID,
    provider TEXT, model TEXT, input_tokens BIGINT, output_tokens BIGINT, cache_read_tokens BIGINT,
    cache_write_tokens BIGINT, task_count BIGINT, event_count BIGINT,
    cost_usd_ticks BIGINT, estimated_cost_usd NUMERIC, unpriced_tokens BIGINT)
LANGUAGE sql
STABLE
AS $$
    WITH
    stale AS MATERIALIZED (
        SELECT s.bucket_hour FROM task_usage_hourly_stale_hours(task_usage_hour_bucket(p_from), p_to, p_workspace_id) s
    ),
    split AS MATERIALIZED (
        SELECT s.bucket_hour FROM task_usage_split_hours(p_from, p_to, p_zone) s
    ),
    minute_quarters AS MATERIALIZED (
        SELECT m.bucket_hour, m.quarter FROM task_usage_split_quarters(ARRAY(SELECT s.bucket_hour FROM split s), p_zone) m
    ),
    -- Read from raw: the hours the rollup is behind on, and the hours of quarters read by the minute.
    raw_hours AS MATERIALIZED (
        SELECT t.bucket_hour FROM stale t
        UNION
        SELECT m.bucket_hour FROM minute_quarters m
    ),
    usage AS (
        SELECT h.bucket_hour AS bucket_start, h.workspace_id, h.runtime_id, h.agent_id, h.project_id, h.provider, h.model,
               h.input_tokens, h.output_tokens, h.cache_read_tokens, h.cache_write_tokens, h.task_count, h.event_count,
               h.cost_usd_ticks, h.uncosted_input_tokens, h.uncosted_output_tokens,
               h.uncosted_cache_read_tokens, h.uncosted_cache_write_tokens
        FROM task_usage_hourly h
        WHERE h.bucket_hour >= task_usage_hour_bucket(p_from) AND h.bucket_hour < p_to
          AND (p_workspace_id IS NULL OR h.workspace_id = p_workspace_id)
          AND NOT EXISTS (SELECT 1 FROM raw_hours r WHERE r.bucket_hour = h.bucket_hour)
          AND NOT EXISTS (SELECT 1 FROM split s WHERE s.bucket_hour = h.bucket_hour)
        UNION ALL
        SELECT q.bucket_hour + q.quarter * INTERVAL '15 minutes', q.workspace_id, q.runtime_id, q.agent_id,
               q.project_id, q.provider, q.model,
               q.input_tokens, q.output_tokens, q.cache_read_tokens, q.cache_write_tokens, q.task_count, q.event_count,
               q.cost_usd_ticks, q.uncosted_input_tokens, q.uncosted_output_tokens,
               q.uncosted_cache_read_tokens, q.uncosted_cache_write_tokens
        FROM split s
        -- One index probe per split hour (OFFSET 0 keeps it so): left to itself the planner
        -- hashed the split hours and read every quarter row the workspace ever had.
        CROSS JOIN LATERAL (
            SELECT q.*
            FROM task_usage_hourly_quarter q
            WHERE q.bucket_hour = s.bucket_hour AND (p_workspace_id IS NULL OR q.workspace_id = p_workspace_id)
            OFFSET 0
        ) q
        WHERE q.bucket_hour + q.quarter * INTERVAL '15 minutes' >= p_from
          AND q.bucket_hour + q.quarter * INTERVAL '15 minutes' < p_to
          AND NOT EXISTS (SELECT 1 FROM raw_hours r WHERE r.bucket_hour = s.bucket_hour)
        UNION ALL
        SELECT r.bucket_start, r.workspace_id, r.runtime_id, r.agent_id,
               NULLIF(r.project_key, '00000000-0000-0000-0000-000000000000'), r.provider, r.model,
               sum(r.input_tokens)::BIGINT, sum(r.output_tokens)::BIGINT,
               sum(r.cache_read_tokens)::BIGINT, sum(r.cache_write_tokens)::BIGINT,
               count(DISTINCT r.task_id), count(*),
               COALESCE(sum(r.cost_usd_ticks), 0)::BIGINT,
               COALESCE(sum(r.input_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT,
               COALESCE(sum(r.output_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT,
               COALESCE(sum(r.cache_read_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT,
               COALESCE(sum(r.cache_write_tokens) FILTER (WHERE r.cost_usd_ticks IS NULL), 0)::BIGINT
        FROM raw_hours s
        CROSS JOIN LATERAL (
            SELECT a.*,
                   CASE WHEN EXISTS (SELECT 1 FROM minute_quarters m
                                     WHERE m.bucket_hour = s.bucket_hour AND m.quarter = a.quarter)
                        THEN date_trunc('minute', a.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'
                        WHEN EXISTS (SELECT 1 FROM split p WHERE p.bucket_hour = s.bucket_hour)
                        THEN a.bucket_hour + a.quarter * INTERVAL '15 minutes'
                        ELSE a.bucket_hour END AS bucket_start
            FROM task_usage_attributed(ARRAY[s.bucket_hour], false, p_workspace_id) a
            WHERE a.bucket_hour + a.quarter * INTERVAL '15 minutes' >= p_from
              AND a.bucket_hour + a.quarter * INTERVAL '15 minutes' < p_to
              AND (p_workspace_id IS NULL OR a.workspace_id = p_workspace_id)
        ) r
        GROUP BY r.bucket_start, r.workspace_id, r.runtime_id, r.agent_id, r.project_key, r.provider, r.model
    )
    SELECT u.bucket_start, u.workspace_id, u.runtime_id, u.agent_id, u.project_id, u.provider, u.model,
           u.input_tokens, u.output_tokens, u.cache_read_tokens, u.cache_write_tokens, u.task_count, u.event_count,
           u.cost_usd_ticks,
           COALESCE((u.uncosted_input_tokens * p.input_usd_per_mtok
                     + u.uncosted_output_tokens * p.output_usd_per_mtok
                     + u.uncosted_cache_read_tokens * p.cache_read_usd_per_mtok
                     + u.uncosted_cache_write_tokens * p.cache_write_usd_per_mtok) * 0.000001, 0),
           CASE WHEN p.provider IS NULL
                THEN u.uncosted_input_tokens + u.uncosted_output_tokens
                     + u.uncosted_cache_read_tokens + u.uncosted_cache_write_tokens
                ELSE 0 END
    FROM usage u
    LEFT JOIN model_price_span p
           ON p.provider = lower(u.provider) AND p.model = u.model
          AND u.bucket_start >= p.valid_from AND u.bucket_start < p.valid_to;
$$;
