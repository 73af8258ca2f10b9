-- A backfill at the speed of one GROUP BY (issue 17). A run first stages the sums of its whole
-- range in one statement that takes no lock (one hashed read of the raw rows and their tasks, as
-- the floor does), then merges them period by period under the tick lock. What changes after the
-- staging snapshot is closed in each merge: the keys of rows changed since the stage's horizon,
-- the keys queued now, and the keys ticks drained from the queue since the stage opened, which
-- ticks journal here while a stage is open.
--
-- All three tables are unlogged: they are scratch that a crash may lose, and lose together (a
-- crash empties every unlogged table). A run whose stage is gone stages again when it resumes.

-- A run's open stage: changes at or after horizon may be missing from its staged sums.
CREATE UNLOGGED TABLE task_usage_hourly_backfill_stage (
    run_key   TEXT PRIMARY KEY,
    horizon   TIMESTAMPTZ NOT NULL,
    opened_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- The staged sums, both grains (level -1 the hour, 0 to 3 its quarters), as the replace computes them.
CREATE UNLOGGED TABLE task_usage_hourly_staged (
    run_key                     TEXT NOT NULL,
    bucket_hour                 TIMESTAMPTZ NOT NULL,
    workspace_id                UUID NOT NULL,
    runtime_id                  UUID NOT NULL,
    agent_id                    UUID NOT NULL,
    project_key                 UUID NOT NULL,
    provider                    TEXT NOT NULL,
    model                       TEXT NOT NULL,
    level                       SMALLINT NOT NULL,
    input_tokens                BIGINT NOT NULL,
    output_tokens               BIGINT NOT NULL,
    cache_read_tokens           BIGINT NOT NULL,
    cache_write_tokens          BIGINT NOT NULL,
    cost_usd_ticks              BIGINT NOT NULL,
    uncosted_input_tokens       BIGINT NOT NULL,
    uncosted_output_tokens      BIGINT NOT NULL,
    uncosted_cache_read_tokens  BIGINT NOT NULL,
    uncosted_cache_write_tokens BIGINT NOT NULL,
    task_count                  BIGINT NOT NULL,
    event_count                 BIGINT NOT NULL
);
CREATE INDEX idx_task_usage_hourly_staged_run_hour ON task_usage_hourly_staged (run_key, bucket_hour);

-- Keys ticks drained from the dirty queue while a stage was open.
CREATE UNLOGGED TABLE task_usage_hourly_drained (
    bucket_hour  TIMESTAMPTZ NOT NULL,
    workspace_id UUID NOT NULL,
    runtime_id   UUID NOT NULL,
    agent_id     UUID NOT NULL,
    project_id   UUID NULL,
    provider     TEXT NOT NULL,
    model        TEXT NOT NULL,
    drained_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_task_usage_hourly_drained_hour ON task_usage_hourly_drained (bucket_hour);
