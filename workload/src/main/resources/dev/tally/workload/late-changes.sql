-- Parameters: corrections, reassignments, deletions.
-- What the pipeline exists to catch: corrected usage (the platform's upsert bumps updated_at),
-- tasks moved to the workspace's other runtime, and deleted tasks (their usage cascades away).
UPDATE task_usage
SET output_tokens = output_tokens + 250, updated_at = now()
WHERE id IN (
    SELECT tu.id
    FROM task_usage tu
    JOIN agent_task_queue t ON t.id = tu.task_id
    JOIN agent a ON a.id = t.agent_id
    JOIN workspace w ON w.id = a.workspace_id
    WHERE w.slug LIKE 'sample-%'
    ORDER BY random()
    LIMIT ?)
;
UPDATE agent_task_queue t
SET runtime_id = (SELECT r.id FROM agent_runtime r
                  WHERE r.workspace_id = a.workspace_id AND r.id <> t.runtime_id
                  ORDER BY r.name LIMIT 1)
FROM agent a
WHERE a.id = t.agent_id
  AND t.id IN (
    SELECT t2.id FROM agent_task_queue t2
    JOIN agent a2 ON a2.id = t2.agent_id
    JOIN workspace w ON w.id = a2.workspace_id
    WHERE w.slug LIKE 'sample-%'
    ORDER BY random()
    LIMIT ?)
;
DELETE FROM agent_task_queue
WHERE id IN (
    SELECT t.id FROM agent_task_queue t
    JOIN agent a ON a.id = t.agent_id
    JOIN workspace w ON w.id = a.workspace_id
    WHERE w.slug LIKE 'sample-%'
    ORDER BY random()
    LIMIT ?)
;
