-- report-app's bearer tokens, and the index its project-scoped reports read.

-- A token is shown once, when it is created, and stored only as the SHA-256 of its text: a copy
-- of this table lets no one call the API. Revoking keeps the row, so an operator can still see
-- which token it was and when it stopped working.
CREATE TABLE api_token (
    id           UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id      UUID NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    -- What the token is for ("grafana", "ci"), so a list of tokens means something to a person.
    name         TEXT NOT NULL DEFAULT '',
    token_sha256 TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ NULL,
    -- Lower-case hex, as the app writes it: a second spelling of one hash would never match.
    CONSTRAINT ck_api_token_sha256_is_hex CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    -- Unique over revoked tokens too: a hash identifies one token, and the app never reissues one.
    CONSTRAINT uq_api_token_sha256 UNIQUE (token_sha256)
);
CREATE INDEX idx_api_token_user ON api_token (user_id);

-- Reports filtered to one project read the workspace's rows of that project in a time range.
-- Partial: the rows without a project are read through the workspace index, never through this.
CREATE INDEX idx_task_usage_hourly_workspace_project_time
    ON task_usage_hourly (workspace_id, project_id, bucket_hour)
    WHERE project_id IS NOT NULL;
