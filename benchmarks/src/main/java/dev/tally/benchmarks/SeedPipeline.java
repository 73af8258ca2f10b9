package dev.tally.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The upstream pipeline (the seed), loaded verbatim into schema {@code seed} as the reference for
 * the tick. It has its own rollup, queue and state tables there; its functions run with
 * {@code search_path = seed, public}, so they read Tally's source tables in {@code public} and write
 * only their own tables, and with {@code jit = off}, as Tally's replace runs (a fair comparison). Its triggers are renamed {@code seed_trg_...} (Tally's triggers of the same
 * name sit on the same tables) and are installed only while a scenario makes the changes they
 * queue, so they never weigh on Tally's own measurements.
 */
final class SeedPipeline {

    private static final String SCRIPT = "seed-102_task_usage_hourly_pipeline.sql";

    /** The seed's tables, as the upstream migrations before it define them. */
    private static final String TABLES = """
            CREATE SCHEMA seed;
            CREATE TABLE seed.task_usage_hourly (
                bucket_hour TIMESTAMPTZ NOT NULL, workspace_id UUID NOT NULL, runtime_id UUID NOT NULL,
                agent_id UUID NOT NULL, project_id UUID NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
                input_tokens BIGINT NOT NULL DEFAULT 0, output_tokens BIGINT NOT NULL DEFAULT 0,
                cache_read_tokens BIGINT NOT NULL DEFAULT 0, cache_write_tokens BIGINT NOT NULL DEFAULT 0,
                task_count BIGINT NOT NULL DEFAULT 0, event_count BIGINT NOT NULL DEFAULT 0,
                updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                CONSTRAINT uq_task_usage_hourly_key UNIQUE NULLS NOT DISTINCT
                    (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model));
            CREATE INDEX ON seed.task_usage_hourly (workspace_id, bucket_hour);
            CREATE INDEX ON seed.task_usage_hourly (runtime_id, bucket_hour);
            CREATE TABLE seed.task_usage_hourly_dirty (
                bucket_hour TIMESTAMPTZ NOT NULL, workspace_id UUID NOT NULL, runtime_id UUID NOT NULL,
                agent_id UUID NOT NULL, project_id UUID NULL, provider TEXT NOT NULL, model TEXT NOT NULL,
                enqueued_at TIMESTAMPTZ NOT NULL DEFAULT now(),
                CONSTRAINT uq_task_usage_hourly_dirty_key UNIQUE NULLS NOT DISTINCT
                    (bucket_hour, workspace_id, runtime_id, agent_id, project_id, provider, model));
            CREATE INDEX ON seed.task_usage_hourly_dirty (enqueued_at);
            CREATE TABLE seed.task_usage_hourly_rollup_state (
                id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
                watermark_at TIMESTAMPTZ NOT NULL DEFAULT 'epoch',
                last_run_started_at TIMESTAMPTZ NULL, last_run_finished_at TIMESTAMPTZ NULL,
                last_run_rows BIGINT NOT NULL DEFAULT 0, last_error TEXT NULL);
            INSERT INTO seed.task_usage_hourly_rollup_state (id) VALUES (1);
            """;

    private final BenchDatabase db;
    private final String script;

    private SeedPipeline(BenchDatabase db, String script) {
        this.db = db;
        this.script = script;
    }

    /** Creates schema seed with the seed's tables and functions; its triggers are not installed yet. */
    static SeedPipeline load(BenchDatabase db) {
        SeedPipeline seed = new SeedPipeline(db, readScript());
        seed.executeScript(TABLES);
        // Everything the script defines, minus its triggers: created in schema seed (first on the path).
        seed.executeScript("SET search_path = seed, public;\n" + seed.withoutTriggers());
        db.update("""
                DO $$
                DECLARE f regprocedure;
                BEGIN
                    -- Not the bucket function: a function with SET is never inlined, which would turn
                    -- every bucket computation of the seed into a function call and slow it unfairly.
                    FOR f IN SELECT p.oid::regprocedure FROM pg_proc p
                             WHERE p.pronamespace = 'seed'::regnamespace AND p.proname <> 'task_usage_hour_bucket' LOOP
                        EXECUTE format('ALTER FUNCTION %s SET search_path = seed, public', f);
                        -- As Tally's replace does: JIT compiling cost seconds on these statements.
                        EXECUTE format('ALTER FUNCTION %s SET jit = off', f);
                    END LOOP;
                END $$
                """);
        return seed;
    }

    /** Gives the seed the same rollup as Tally's and the same watermark: both start from one state. */
    void copyRollupFromTally() {
        executeScript("""
                TRUNCATE seed.task_usage_hourly, seed.task_usage_hourly_dirty;
                INSERT INTO seed.task_usage_hourly SELECT bucket_hour, workspace_id, runtime_id, agent_id, project_id,
                    provider, model, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, task_count,
                    event_count, updated_at FROM public.task_usage_hourly;
                UPDATE seed.task_usage_hourly_rollup_state SET watermark_at = s.watermark_at
                FROM public.task_usage_hourly_rollup_state s;
                ANALYZE seed.task_usage_hourly;
                """);
    }

    /** Installs the seed's four triggers (renamed), so changes made now queue the seed's keys too. */
    void installTriggers() {
        executeScript("SET search_path = seed, public;\n" + triggersOnly());
    }

    void dropTriggers() {
        StringBuilder drops = new StringBuilder();
        for (String trigger : new String[] {"seed_trg_atq_dirty_hourly ON agent_task_queue",
                "seed_trg_issue_delete_dirty_hourly ON issue", "seed_trg_issue_project_dirty_hourly ON issue",
                "seed_trg_tu_dirty_hourly ON task_usage"}) {
            drops.append("DROP TRIGGER IF EXISTS ").append(trigger).append(";\n");
        }
        executeScript(drops.toString());
    }

    long queuedKeys() {
        return db.count("SELECT count(*) FROM seed.task_usage_hourly_dirty");
    }

    /** The SQL that runs the seed's recompute over one window (its lock and lag left out, as Tally's are). */
    static String windowCall(Instant from, Instant to) {
        return "SELECT seed.rollup_task_usage_hourly_window('" + from + "', '" + to + "')";
    }

    private String withoutTriggers() {
        return script.replaceAll("(?s)CREATE TRIGGER .*?;", "");
    }

    private String triggersOnly() {
        StringBuilder triggers = new StringBuilder();
        Matcher matcher = Pattern.compile("(?s)CREATE TRIGGER (trg_\\w+)(.*?;)").matcher(script);
        while (matcher.find()) {
            triggers.append("CREATE TRIGGER seed_").append(matcher.group(1)).append(matcher.group(2)).append('\n');
        }
        return triggers.toString();
    }

    private void executeScript(String sql) {
        try (Connection connection = db.dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            statement.execute("RESET search_path");
        } catch (SQLException e) {
            throw new IllegalStateException("loading the seed into schema seed: " + e.getMessage(), e);
        }
    }

    private static String readScript() {
        try (InputStream in = SeedPipeline.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + SCRIPT);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
