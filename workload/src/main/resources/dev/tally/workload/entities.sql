-- Parameters: number of workspaces, agents per workspace.
-- Each sample workspace: two runtimes, three projects of five issues, the agents (alternating
-- runtimes), and the demo user as its owner.
INSERT INTO "user" (email, name, timezone)
VALUES ('demo@sample.tally.dev', 'Demo viewer', 'America/New_York')
ON CONFLICT (email) DO NOTHING
;
WITH new_workspace AS (
    INSERT INTO workspace (name, slug)
    SELECT 'Sample workspace ' || n, 'sample-' || n || '-' || substr(md5(random()::text), 1, 8)
    FROM generate_series(1, ?) AS n
    RETURNING id
),
runtimes AS (
    INSERT INTO agent_runtime (workspace_id, name, provider)
    SELECT w.id, r.name, r.provider
    FROM new_workspace w
    CROSS JOIN (VALUES ('laptop-claude', 'claude'), ('ci-codex', 'codex')) AS r (name, provider)
    RETURNING id, workspace_id, name
),
agents AS (
    INSERT INTO agent (workspace_id, runtime_id, name)
    SELECT r.workspace_id, r.id, 'agent-' || n
    FROM runtimes r
    CROSS JOIN generate_series(1, ?) AS n
    WHERE (n % 2 = 1) = (r.name = 'laptop-claude')
    RETURNING id
),
projects AS (
    INSERT INTO project (workspace_id, title)
    SELECT w.id, 'Project ' || n
    FROM new_workspace w
    CROSS JOIN generate_series(1, 3) AS n
    RETURNING id, workspace_id, title
),
issues AS (
    INSERT INTO issue (workspace_id, project_id, number, title)
    SELECT p.workspace_id, p.id, (substr(p.title, 9)::int - 1) * 5 + n, p.title || ', issue ' || n
    FROM projects p
    CROSS JOIN generate_series(1, 5) AS n
    RETURNING id
)
INSERT INTO member (workspace_id, user_id, role)
SELECT w.id, u.id, 'owner'
FROM new_workspace w
CROSS JOIN "user" u
WHERE u.email = 'demo@sample.tally.dev'
;
