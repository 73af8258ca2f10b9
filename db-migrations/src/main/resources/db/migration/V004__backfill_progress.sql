-- Completed backfill slices, so an interrupted backfill resumes where it stopped. A run is named
-- by its plan (workspaces, range, slice length): running the same plan again skips what is done.
CREATE TABLE task_usage_hourly_backfill_slice (
    run_key      TEXT NOT NULL,
    workspace_id UUID NOT NULL,
    slice_from   TIMESTAMPTZ NOT NULL,
    slice_to     TIMESTAMPTZ NOT NULL,
    raw_rows     BIGINT NOT NULL,
    rows_written BIGINT NOT NULL,
    rows_deleted BIGINT NOT NULL,
    finished_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (run_key, workspace_id, slice_from)
);

-- One row per run in progress. The horizon is fixed when the run first starts: every raw change
-- before it was committed by then, so every slice, in this attempt or a resumed one, has seen it.
CREATE TABLE task_usage_hourly_backfill_run (
    run_key    TEXT PRIMARY KEY,
    horizon    TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
