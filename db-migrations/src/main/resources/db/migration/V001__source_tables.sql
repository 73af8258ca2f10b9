-- The platform's source tables, as the upstream platform defines them (only the columns Tally
-- needs plus those that keep the model honest: names and timestamps). The platform writes them;
-- Tally only reads them, except in tests, the quickstart and the benchmarks.

CREATE TABLE workspace (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL UNIQUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE "user" (
    id         UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    email      TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL DEFAULT '',
    -- The viewing timezone (an IANA name); NULL means "not chosen". Read at query time only:
    -- it never changes what the rollup stores.
    timezone   TEXT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE member (
    workspace_id UUID NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    user_id      UUID NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    role         TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX idx_member_user ON member (user_id);

CREATE TABLE agent_runtime (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id UUID NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    provider     TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_agent_runtime_workspace ON agent_runtime (workspace_id);

CREATE TABLE agent (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id UUID NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    runtime_id   UUID NOT NULL REFERENCES agent_runtime (id) ON DELETE RESTRICT,
    name         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT agent_workspace_name_unique UNIQUE (workspace_id, name)
);
CREATE INDEX idx_agent_runtime ON agent (runtime_id);

CREATE TABLE project (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id UUID NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_project_workspace ON project (workspace_id);

CREATE TABLE issue (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    workspace_id UUID NOT NULL REFERENCES workspace (id) ON DELETE CASCADE,
    project_id   UUID NULL REFERENCES project (id) ON DELETE SET NULL,
    number       INTEGER NOT NULL DEFAULT 0,
    title        TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX idx_issue_workspace ON issue (workspace_id);
CREATE INDEX idx_issue_project ON issue (project_id);

CREATE TABLE agent_task_queue (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    agent_id     UUID NOT NULL REFERENCES agent (id) ON DELETE CASCADE,
    issue_id     UUID NULL REFERENCES issue (id) ON DELETE CASCADE,
    runtime_id   UUID NOT NULL REFERENCES agent_runtime (id) ON DELETE CASCADE,
    status       TEXT NOT NULL DEFAULT 'queued'
        CHECK (status IN ('queued', 'dispatched', 'running', 'completed', 'failed', 'cancelled')),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at TIMESTAMPTZ NULL
);
CREATE INDEX idx_agent_task_queue_agent ON agent_task_queue (agent_id);
CREATE INDEX idx_agent_task_queue_issue ON agent_task_queue (issue_id);
CREATE INDEX idx_agent_task_queue_runtime ON agent_task_queue (runtime_id);

CREATE TABLE task_usage (
    id                 UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    task_id            UUID NOT NULL REFERENCES agent_task_queue (id) ON DELETE CASCADE,
    provider           TEXT NOT NULL DEFAULT '',
    model              TEXT NOT NULL,
    input_tokens       BIGINT NOT NULL DEFAULT 0,
    output_tokens      BIGINT NOT NULL DEFAULT 0,
    cache_read_tokens  BIGINT NOT NULL DEFAULT 0,
    cache_write_tokens BIGINT NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Bumped by every upsert so that corrections are seen by the rollup's watermark sweep.
    -- Nullable: rows written before the column existed have none (the sweep's legacy branch).
    updated_at         TIMESTAMPTZ NULL DEFAULT now(),
    CONSTRAINT task_usage_task_id_provider_model_key UNIQUE (task_id, provider, model)
);
-- The sweep reads changes by updated_at; the recompute reads a dirty hour by created_at.
CREATE INDEX idx_task_usage_updated_at ON task_usage (updated_at);
CREATE INDEX idx_task_usage_created_at ON task_usage (created_at);
CREATE INDEX idx_task_usage_created_at_legacy ON task_usage (created_at) WHERE updated_at IS NULL;
