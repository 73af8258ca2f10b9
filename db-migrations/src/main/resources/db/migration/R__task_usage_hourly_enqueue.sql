-- Dirty-key triggers: every change that moves raw usage to or from a key without bumping
-- task_usage.updated_at (so the watermark sweep cannot see it) queues the keys it affects, on
-- both sides of the change. The next tick recomputes them from raw and drains them. At the end,
-- the trigger that records each usage row's workspace, which the same moves keep.
--
-- All keys use the agent's workspace, as the recompute does. (Upstream keyed the issue triggers by
-- the issue's workspace and recomputed by the agent's, so a mismatch left rows behind.)
--
-- A trigger reads the usage it re-queues with its own snapshot, so it cannot see a usage row
-- whose writer has not committed yet; the sweep later attributes that row through the tasks as
-- they stand then. If it did so before the attribution change committed, the row would land under
-- the old attribution and nobody would queue the new one. So every attribution change first locks
-- the tasks it moves FOR UPDATE, which conflicts with the KEY SHARE lock a usage insert takes on
-- its task through the foreign key: it waits for in-flight inserts to commit (the reads below then
-- see their rows), and holds new ones back until it commits (the sweep then sees the new side).

-- Queues keys. Re-queuing a queued key gives it a new change_seq: a tick that read the old entry
-- drains only that exact entry, so the re-queued key survives for the next tick. enqueued_at
-- keeps the earliest time, so the queue's age says how long an invalidation has waited.
CREATE OR REPLACE FUNCTION enqueue_task_usage_hourly_keys(p_keys task_usage_hourly_key[])
RETURNS VOID
LANGUAGE sql
AS $$
    INSERT INTO task_usage_hourly_dirty AS d
        (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model)
    SELECT DISTINCT k.bucket_hour, k.workspace_id, k.runtime_id, k.agent_id, k.project_id, k.provider, k.model
    FROM unnest(p_keys) AS k
    -- One order for every writer, so two writers queuing overlapping keys lock them in the same
    -- order instead of deadlocking.
    ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ON CONSTRAINT uq_task_usage_hourly_dirty_key DO UPDATE
    SET change_seq = EXCLUDED.change_seq,
        enqueued_at = LEAST(d.enqueued_at, EXCLUDED.enqueued_at);
$$;

-- Retired helpers: each spelled the attribution rule out again for one kind of change.
DROP FUNCTION IF EXISTS task_usage_hourly_keys_of_task(UUID, UUID, UUID, UUID);
DROP FUNCTION IF EXISTS task_usage_hourly_keys_of_issue(UUID, UUID);
DROP FUNCTION IF EXISTS task_usage_hourly_keys_of_agent(UUID, UUID);
DROP FUNCTION IF EXISTS task_usage_hourly_key_of_usage(UUID, TIMESTAMPTZ, TEXT, TEXT);

-- The keys of the usage of some tasks (or of one usage row of them) as the tables stand right
-- now, through the attribution rule (task_usage_attributed_rows). A BEFORE trigger reads the side
-- a change leaves; an AFTER trigger, which sees its own statement's change, reads the side it
-- joins. One rule for both sides, so the two can never disagree on a key.
CREATE OR REPLACE FUNCTION task_usage_hourly_keys_of(p_task_ids UUID[], p_usage_id UUID DEFAULT NULL)
RETURNS task_usage_hourly_key[]
LANGUAGE sql
STABLE
AS $$
    SELECT ARRAY(
        SELECT ROW(r.bucket_hour, r.workspace_id, r.runtime_id, r.agent_id, r.project_id, r.provider, r.model)::task_usage_hourly_key
        FROM task_usage_attributed_rows r
        WHERE r.task_id = ANY (p_task_ids) AND (p_usage_id IS NULL OR r.usage_id = p_usage_id));
$$;

-- Each trigger function below runs twice for an attribution change: BEFORE it (locks, then the
-- keys of the side the usage leaves) and AFTER it (the keys of the side the usage joins, which
-- only then stand in the tables). Deletes have no AFTER side.

-- A task moved to another runtime, issue or agent, or was deleted. BEFORE, so the task's usage
-- is still readable on a cascade. When the cascade comes from deleting the agent, the agent is
-- already gone here; the agent trigger below has queued its keys while it still could.
CREATE OR REPLACE FUNCTION enqueue_task_usage_hourly_dirty_for_atq()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_WHEN = 'AFTER' THEN
        PERFORM enqueue_task_usage_hourly_keys(task_usage_hourly_keys_of(ARRAY[NEW.id]));
        IF NEW.agent_id <> OLD.agent_id THEN
            UPDATE task_usage tu SET workspace_id = ta.workspace_id
            FROM task_attribution ta
            WHERE ta.task_id = NEW.id AND tu.task_id = NEW.id;
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE'
       AND (OLD.runtime_id, OLD.issue_id, OLD.agent_id) IS NOT DISTINCT FROM (NEW.runtime_id, NEW.issue_id, NEW.agent_id) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- See the top of this file. (A DELETE holds this lock already.)
        PERFORM 1 FROM agent_task_queue WHERE id = OLD.id FOR UPDATE;
        -- A task joining an issue takes its project: wait for a concurrent move of that issue to
        -- commit, whose trigger cannot see this task yet, so the AFTER side (a fresh snapshot)
        -- reads the project the move leaves behind. The issue it leaves needs no lock: a move of
        -- that one locks this task first (below) and waits for this change.
        PERFORM 1 FROM issue WHERE id = NEW.issue_id AND NEW.issue_id IS DISTINCT FROM OLD.issue_id FOR SHARE;
    END IF;
    PERFORM enqueue_task_usage_hourly_keys(task_usage_hourly_keys_of(ARRAY[OLD.id]));
    RETURN CASE TG_OP WHEN 'UPDATE' THEN NEW ELSE OLD END;
END;
$$;

-- agent_id is in the list although the platform never changes it: if it ever does, the rollup
-- stays exact instead of silently keeping the old agent's rows.
CREATE OR REPLACE TRIGGER trg_atq_dirty_hourly
    BEFORE UPDATE OF runtime_id, issue_id, agent_id OR DELETE ON agent_task_queue
    FOR EACH ROW
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_atq();

CREATE OR REPLACE TRIGGER trg_atq_dirty_hourly_joined
    AFTER UPDATE OF runtime_id, issue_id, agent_id ON agent_task_queue
    FOR EACH ROW
    WHEN ((OLD.runtime_id, OLD.issue_id, OLD.agent_id) IS DISTINCT FROM (NEW.runtime_id, NEW.issue_id, NEW.agent_id))
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_atq();

-- Locks an issue and its tasks for a change of their project (see the top of this file). The issue
-- itself FOR UPDATE first: that waits for tasks being created on it (their foreign key takes KEY
-- SHARE on the issue) to commit, so the task scan after it sees them, and holds back new ones.
CREATE OR REPLACE FUNCTION lock_task_usage_hourly_tasks_of_issue(p_issue_id UUID)
RETURNS VOID
LANGUAGE plpgsql
AS $$
BEGIN
    PERFORM 1 FROM issue WHERE id = p_issue_id FOR UPDATE;
    PERFORM 1 FROM agent_task_queue WHERE issue_id = p_issue_id ORDER BY id FOR UPDATE;
END;
$$;

-- An issue moves to another project, or its project is deleted (ON DELETE SET NULL fires this
-- too): the usage of its tasks moves between project rows. Or the issue is deleted: its tasks
-- cascade away, and by the time their trigger runs the issue is gone, so their project would read
-- as NULL; its keys are queued here, while the project is known.
CREATE OR REPLACE FUNCTION enqueue_task_usage_hourly_dirty_for_issue()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_WHEN = 'BEFORE' THEN
        PERFORM lock_task_usage_hourly_tasks_of_issue(OLD.id);
    END IF;
    PERFORM enqueue_task_usage_hourly_keys(task_usage_hourly_keys_of(
        ARRAY(SELECT t.id FROM agent_task_queue t WHERE t.issue_id = OLD.id)));
    RETURN CASE WHEN TG_WHEN = 'AFTER' THEN NULL WHEN TG_OP = 'UPDATE' THEN NEW ELSE OLD END;
END;
$$;

DROP TRIGGER IF EXISTS trg_issue_delete_dirty_hourly ON issue;
DROP TRIGGER IF EXISTS trg_issue_project_dirty_hourly ON issue;
DROP FUNCTION IF EXISTS enqueue_task_usage_hourly_dirty_for_issue_delete();
DROP FUNCTION IF EXISTS enqueue_task_usage_hourly_dirty_for_issue_project();

CREATE OR REPLACE TRIGGER trg_issue_dirty_hourly
    BEFORE DELETE ON issue
    FOR EACH ROW
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_issue();

CREATE OR REPLACE TRIGGER trg_issue_project_dirty_hourly_left
    BEFORE UPDATE OF project_id ON issue
    FOR EACH ROW
    WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id)
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_issue();

CREATE OR REPLACE TRIGGER trg_issue_project_dirty_hourly_joined
    AFTER UPDATE OF project_id ON issue
    FOR EACH ROW
    WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id)
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_issue();

-- A usage row is deleted, or its key columns are rewritten. Token corrections through the
-- platform's upsert bump updated_at and reach the rollup through the sweep instead.
CREATE OR REPLACE FUNCTION enqueue_task_usage_hourly_dirty_for_tu()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_WHEN = 'AFTER' THEN
        PERFORM enqueue_task_usage_hourly_keys(task_usage_hourly_keys_of(ARRAY[NEW.task_id], NEW.id));
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- The row moves to a key this transaction computes through its tasks: hold back a
        -- concurrent reassignment of either task (it waits, then sees the row where it lands), or
        -- wait for one in flight (its trigger saw the row where it was; the keys read after it see
        -- the task where it went).
        PERFORM 1 FROM agent_task_queue WHERE id IN (OLD.task_id, NEW.task_id) ORDER BY id FOR SHARE;
    END IF;
    PERFORM enqueue_task_usage_hourly_keys(task_usage_hourly_keys_of(ARRAY[OLD.task_id], OLD.id));
    RETURN CASE TG_OP WHEN 'UPDATE' THEN NEW ELSE OLD END;
END;
$$;

CREATE OR REPLACE TRIGGER trg_tu_dirty_hourly
    BEFORE DELETE ON task_usage
    FOR EACH ROW
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_tu();

CREATE OR REPLACE TRIGGER trg_tu_key_change_dirty_hourly
    BEFORE UPDATE OF task_id, provider, model, created_at ON task_usage
    FOR EACH ROW
    WHEN ((OLD.task_id, OLD.provider, OLD.model, OLD.created_at)
          IS DISTINCT FROM (NEW.task_id, NEW.provider, NEW.model, NEW.created_at))
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_tu();

CREATE OR REPLACE TRIGGER trg_tu_key_change_dirty_hourly_joined
    AFTER UPDATE OF task_id, provider, model, created_at ON task_usage
    FOR EACH ROW
    WHEN ((OLD.task_id, OLD.provider, OLD.model, OLD.created_at)
          IS DISTINCT FROM (NEW.task_id, NEW.provider, NEW.model, NEW.created_at))
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_tu();

-- An agent is deleted or moves to another workspace. Deleting it cascades to its tasks, whose
-- trigger can no longer resolve the agent's workspace; upstream lost those keys and kept the rows
-- of deleted agents forever. Queue every key of the agent here, while it is still readable.
CREATE OR REPLACE FUNCTION enqueue_task_usage_hourly_dirty_for_agent()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.workspace_id = NEW.workspace_id THEN
        RETURN CASE TG_WHEN WHEN 'AFTER' THEN NULL ELSE NEW END;
    END IF;
    IF TG_WHEN = 'BEFORE' THEN
        IF TG_OP = 'UPDATE' THEN
            -- Hold back tasks being created for this agent (their foreign key takes KEY SHARE on it).
            PERFORM 1 FROM agent WHERE id = OLD.id FOR UPDATE;
        END IF;
        PERFORM 1 FROM agent_task_queue WHERE agent_id = OLD.id ORDER BY id FOR UPDATE;
    END IF;
    PERFORM enqueue_task_usage_hourly_keys(task_usage_hourly_keys_of(
        ARRAY(SELECT t.id FROM agent_task_queue t WHERE t.agent_id = OLD.id)));
    IF TG_WHEN = 'AFTER' THEN
        UPDATE task_usage tu SET workspace_id = ta.workspace_id
        FROM task_attribution ta
        WHERE ta.agent_id = NEW.id AND tu.task_id = ta.task_id;
    END IF;
    RETURN CASE WHEN TG_WHEN = 'AFTER' THEN NULL WHEN TG_OP = 'UPDATE' THEN NEW ELSE OLD END;
END;
$$;

CREATE OR REPLACE TRIGGER trg_agent_dirty_hourly
    BEFORE UPDATE OF workspace_id OR DELETE ON agent
    FOR EACH ROW
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_agent();

CREATE OR REPLACE TRIGGER trg_agent_dirty_hourly_joined
    AFTER UPDATE OF workspace_id ON agent
    FOR EACH ROW
    WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id)
    EXECUTE FUNCTION enqueue_task_usage_hourly_dirty_for_agent();

-- ---------------------------------------------------------------------------------------------
-- The workspace a usage row records (task_usage.workspace_id, V008), which lets a report read its
-- own share of a stale hour: the rule's workspace for the row, set here when the row is written or
-- moves to another task, and by the task and agent triggers above when those move. Never written
-- by hand: a write of the column is recomputed.
--
-- The task is locked first, as its foreign key would lock it. A reassignment of the task or a move
-- of its agent locks the task FOR UPDATE (see the top of this file), so this either waits for one
-- in flight and then reads where the task went (the rule, task_attribution, is read by a later
-- statement, which sees that commit), or holds the next one back until this row has committed, and that change's
-- own UPDATE then finds the row. Either way the recorded workspace is the rule's once both commit.
--
-- The lookup makes a usage write about half as costly again in a tight batch, a few dozen
-- microseconds of a core per row (docs/scaling.md, writers). A platform that would rather save
-- that than have a workspace's report read only its own rows turns it off with the setting
-- tally.record_usage_workspace = 'off' (per database or role): rows written then record none, and
-- reports stay exact.
CREATE OR REPLACE FUNCTION task_usage_record_workspace()
RETURNS TRIGGER
LANGUAGE plpgsql
AS $$
BEGIN
    IF current_setting('tally.record_usage_workspace', true) = 'off' THEN
        NEW.workspace_id := NULL;
        RETURN NEW;
    END IF;
    PERFORM 1 FROM agent_task_queue t WHERE t.id = NEW.task_id FOR KEY SHARE;
    NEW.workspace_id := (SELECT ta.workspace_id FROM task_attribution ta WHERE ta.task_id = NEW.task_id);
    RETURN NEW;
END;
$$;

-- Named to fire after the key-change trigger above, which locks both tasks of a moving row.
CREATE OR REPLACE TRIGGER trg_tu_workspace
    BEFORE INSERT OR UPDATE OF task_id, workspace_id ON task_usage
    FOR EACH ROW
    EXECUTE FUNCTION task_usage_record_workspace();
