-- Cost (issue 15): the cost a provider reported for a usage row, rolled up beside the tokens, and
-- a dated price catalog that prices the rest when a report is read.

-- The cost the provider reported for the row, in units of 1e-10 USD (upstream migration 213's
-- unit); NULL when none was reported. Integer ticks keep money exact: no floating point anywhere.
ALTER TABLE task_usage ADD COLUMN cost_usd_ticks BIGINT NULL;

-- The rollup keeps the reported cost and, per kind, the tokens of rows that reported none: those
-- are what the catalog prices at read time, so a corrected price re-prices history without a
-- recompute. (Defaults make the new columns free to add: no rewrite of existing rows.)
ALTER TABLE task_usage_hourly
    ADD COLUMN cost_usd_ticks              BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN uncosted_input_tokens       BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN uncosted_output_tokens      BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN uncosted_cache_read_tokens  BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN uncosted_cache_write_tokens BIGINT NOT NULL DEFAULT 0;

-- USD per million tokens of each kind for one provider and model, in force from effective_from
-- until the next entry of the same provider and model. Exact decimals. Providers are kept
-- lower-case (reports match them case-insensitively, as everywhere); models match exactly.
CREATE TABLE model_price (
    provider                 TEXT NOT NULL CHECK (provider = lower(provider)),
    model                    TEXT NOT NULL,
    -- On a bucket edge of the rollup, so every hourly row has exactly one price.
    effective_from           TIMESTAMPTZ NOT NULL CHECK (effective_from = task_usage_hour_bucket(effective_from)),
    input_usd_per_mtok       NUMERIC NOT NULL CHECK (input_usd_per_mtok >= 0),
    output_usd_per_mtok      NUMERIC NOT NULL CHECK (output_usd_per_mtok >= 0),
    cache_read_usd_per_mtok  NUMERIC NOT NULL CHECK (cache_read_usd_per_mtok >= 0),
    cache_write_usd_per_mtok NUMERIC NOT NULL CHECK (cache_write_usd_per_mtok >= 0),
    imported_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, model, effective_from)
);

-- Rows rolled up before this migration: no raw row had a reported cost yet, so all their tokens
-- are uncosted.
UPDATE task_usage_hourly
SET uncosted_input_tokens = input_tokens,
    uncosted_output_tokens = output_tokens,
    uncosted_cache_read_tokens = cache_read_tokens,
    uncosted_cache_write_tokens = cache_write_tokens
WHERE input_tokens <> 0 OR output_tokens <> 0 OR cache_read_tokens <> 0 OR cache_write_tokens <> 0;
