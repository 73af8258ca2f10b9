-- Exact local days in every timezone (issue 14). Every UTC offset in use from 2000 through 2037
-- is a multiple of 15 minutes, so a local midnight always falls on a quarter hour. The hourly
-- rollup answers every hour that lies inside one local day; an hour that a viewer's midnight
-- splits (in India at 18:30 UTC, in Nepal at 18:15) is answered by its four quarters, kept here by
-- the same replace from the same raw rows. Reports read quarters only for the hours they split.
-- The quarter of its UTC hour an instant falls in, 0 to 3. Like the hour bucket, it must never
-- change under existing rows, so it lives in a versioned script.
CREATE FUNCTION task_usage_quarter_of(ts TIMESTAMPTZ)
RETURNS SMALLINT
LANGUAGE sql
IMMUTABLE
PARALLEL SAFE
RETURN (EXTRACT(MINUTE FROM ts AT TIME ZONE 'UTC')::INT / 15)::SMALLINT;

CREATE TABLE task_usage_hourly_quarter (
    bucket_hour                 TIMESTAMPTZ NOT NULL,
    -- 0 to 3: the quarter [bucket_hour + 15 min * quarter, + 15 min).
    quarter                     SMALLINT NOT NULL CHECK (quarter BETWEEN 0 AND 3),
    workspace_id                UUID NOT NULL,
    runtime_id                  UUID NOT NULL,
    agent_id                    UUID NOT NULL,
    project_id                  UUID NULL,
    provider                    TEXT NOT NULL,
    model                       TEXT NOT NULL,
    input_tokens                BIGINT NOT NULL DEFAULT 0,
    output_tokens               BIGINT NOT NULL DEFAULT 0,
    cache_read_tokens           BIGINT NOT NULL DEFAULT 0,
    cache_write_tokens          BIGINT NOT NULL DEFAULT 0,
    cost_usd_ticks              BIGINT NOT NULL DEFAULT 0,
    uncosted_input_tokens       BIGINT NOT NULL DEFAULT 0,
    uncosted_output_tokens      BIGINT NOT NULL DEFAULT 0,
    uncosted_cache_read_tokens  BIGINT NOT NULL DEFAULT 0,
    uncosted_cache_write_tokens BIGINT NOT NULL DEFAULT 0,
    task_count                  BIGINT NOT NULL DEFAULT 0,
    event_count                 BIGINT NOT NULL DEFAULT 0,
    updated_at                  TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- The hourly key first, so the replace finds a key's quarters by equality.
    CONSTRAINT uq_task_usage_hourly_quarter_key UNIQUE NULLS NOT DISTINCT
        (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model, quarter),
    CONSTRAINT ck_task_usage_hourly_quarter_bucket_is_utc_hour
        CHECK (bucket_hour = task_usage_hour_bucket(bucket_hour))
);
CREATE INDEX idx_task_usage_hourly_quarter_workspace_time ON task_usage_hourly_quarter (workspace_id, bucket_hour);
CREATE INDEX idx_task_usage_hourly_quarter_runtime_time ON task_usage_hourly_quarter (runtime_id, bucket_hour);

-- The quarters of the hours already rolled up, from their raw rows, so reports are exact from the
-- first request after the upgrade. A versioned script cannot call the repeatable scripts' rule
-- (they run after it), so the rule is spelled out here as it stands at this version; from now on
-- the replace keeps this table.
INSERT INTO task_usage_hourly_quarter
    (bucket_hour, quarter, workspace_id, runtime_id, agent_id, project_id, provider, model,
     input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, cost_usd_ticks,
     uncosted_input_tokens, uncosted_output_tokens, uncosted_cache_read_tokens, uncosted_cache_write_tokens,
     task_count, event_count)
SELECT task_usage_hour_bucket(tu.created_at),
       task_usage_quarter_of(tu.created_at),
       a.workspace_id, t.runtime_id, t.agent_id, i.project_id, tu.provider, tu.model,
       sum(tu.input_tokens), sum(tu.output_tokens), sum(tu.cache_read_tokens), sum(tu.cache_write_tokens),
       COALESCE(sum(tu.cost_usd_ticks), 0),
       COALESCE(sum(tu.input_tokens) FILTER (WHERE tu.cost_usd_ticks IS NULL), 0),
       COALESCE(sum(tu.output_tokens) FILTER (WHERE tu.cost_usd_ticks IS NULL), 0),
       COALESCE(sum(tu.cache_read_tokens) FILTER (WHERE tu.cost_usd_ticks IS NULL), 0),
       COALESCE(sum(tu.cache_write_tokens) FILTER (WHERE tu.cost_usd_ticks IS NULL), 0),
       count(DISTINCT tu.task_id), count(*)
FROM task_usage tu
JOIN agent_task_queue t ON t.id = tu.task_id
JOIN agent a ON a.id = t.agent_id
LEFT JOIN issue i ON i.id = t.issue_id
WHERE task_usage_hour_bucket(tu.created_at) IN (SELECT DISTINCT bucket_hour FROM task_usage_hourly)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
