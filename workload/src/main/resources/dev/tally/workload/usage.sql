-- Parameters: days of history, busy-hour tasks per agent.
-- Every sample agent without tasks gets tasks hour by hour over the last days, following a daily
-- rhythm (quiet nights, busy afternoons UTC). Each agent works mostly on one project's issues
-- (5% of its tasks have no issue) with one main model; 5% of tasks also call a small model.
-- Usage is written as it would have been at the time: updated_at = created_at.
WITH agents AS (
    SELECT a.id AS agent_id, a.runtime_id, a.workspace_id,
           row_number() OVER (PARTITION BY a.workspace_id ORDER BY a.name) AS n,
           row_number() OVER (ORDER BY a.workspace_id, a.name) AS ordinal
    FROM agent a
    JOIN workspace w ON w.id = a.workspace_id
    WHERE w.slug LIKE 'sample-%'
      AND NOT EXISTS (SELECT 1 FROM agent_task_queue t WHERE t.agent_id = a.id)
),
focus AS (
    SELECT ag.agent_id, ag.runtime_id,
           (SELECT array_agg(i.id ORDER BY i.number)
            FROM issue i JOIN project p ON p.id = i.project_id
            WHERE p.workspace_id = ag.workspace_id AND p.title = 'Project ' || (1 + ag.n % 3)) AS issues,
           (ARRAY['anthropic', 'OpenAI', 'google', 'anthropic'])[1 + ag.ordinal % 4] AS provider,
           (ARRAY['claude-sonnet-4', 'gpt-5', 'gemini-2.5-pro', 'claude-opus-4'])[1 + ag.ordinal % 4] AS model
    FROM agents ag
),
hours AS (
    SELECT hour, 0.35 + 0.65 * greatest(0, sin(pi() * (extract(hour FROM hour AT TIME ZONE 'UTC') - 6) / 14)) AS weight
    FROM generate_series(date_trunc('hour', now()) - make_interval(days => ?), date_trunc('hour', now()) - interval '1 hour',
                         interval '1 hour') AS hour
),
tasks AS (
    INSERT INTO agent_task_queue (agent_id, runtime_id, issue_id, status, created_at, completed_at)
    SELECT f.agent_id, f.runtime_id,
           CASE WHEN random() < 0.95 THEN f.issues[1 + floor(random() * cardinality(f.issues))::int] END,
           'completed', at, at + interval '3 minutes'
    FROM focus f
    CROSS JOIN hours h
    CROSS JOIN LATERAL generate_series(1, round(?::float8 * h.weight * (0.5 + random()))::int) AS n
    CROSS JOIN LATERAL (SELECT h.hour + random() * interval '57 minutes' AS at) AS t
    RETURNING id, agent_id, created_at
)
-- OpenAI's rows carry the cost the provider reported (0.002 to 0.052 USD, in 1e-10 USD ticks), as
-- platforms that record it do; the other providers' rows are priced by the catalog, if it has them.
INSERT INTO task_usage (task_id, provider, model, input_tokens, output_tokens, cache_read_tokens,
                        cache_write_tokens, created_at, updated_at, cost_usd_ticks)
SELECT t.id, m.provider, m.model,
       (300 + 20000 * random() ^ 2)::bigint,
       (50 + 3000 * random())::bigint,
       CASE WHEN random() < 0.6 THEN (40000 * random())::bigint ELSE 0 END,
       (2000 * random())::bigint,
       t.created_at + interval '2 minutes', t.created_at + interval '2 minutes',
       CASE WHEN m.provider = 'OpenAI' THEN (20000000 + 500000000 * random())::bigint END
FROM tasks t
JOIN focus f ON f.agent_id = t.agent_id
CROSS JOIN LATERAL (VALUES (f.provider, f.model, 1.0), ('anthropic', 'claude-haiku-4', 0.05)) AS m (provider, model, share)
WHERE m.share = 1.0 OR random() < m.share
;
