-- A busy platform (issue 18): a report reads the hours its workspace changed since the last tick
-- from raw rows. Raw rows named no workspace (it is their task's agent's), so such an hour was
-- read whole, every workspace's rows, to keep one workspace's: on a busy platform an active
-- workspace's report cost the whole platform's current hour.
--
-- task_usage.workspace_id records the workspace the attribution rule gives the row: set when the
-- row is written and kept when its task or agent moves (R__task_usage_hourly_enqueue.sql), so a
-- report reads its own share of a stale hour through the index below. NULL means not recorded:
-- rows written before this column existed (nothing here rewrites history), while the triggers
-- were disabled, or in the same statement as their task (a data-modifying WITH: the trigger
-- cannot see that task yet). A report reads those with every workspace's stale hour, as before, so
-- NULL costs time, never a wrong sum. The rollup itself never reads the column: the rule alone
-- attributes.
ALTER TABLE task_usage ADD COLUMN workspace_id UUID NULL;

CREATE INDEX idx_task_usage_workspace_created_at ON task_usage (workspace_id, created_at);
