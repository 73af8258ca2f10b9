package dev.tally.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Scenario 4: what the pipeline costs the platform's writers. Usage upserts (half new rows, half
 * corrections of history, in transactions of 100 as a busy writer batches them) and single-task
 * reassignments (one autocommit statement each), with the pipeline's triggers enabled and then
 * disabled (ALTER TABLE ... DISABLE TRIGGER USER), alternating rounds on the same database with
 * fresh rows of the same shape each round. Runs last: it leaves the rollup behind the raw data.
 */
final class WriterOverhead {

    private static final String UPSERT = """
            INSERT INTO task_usage (task_id, provider, model, input_tokens, output_tokens, cache_read_tokens,
                                    cache_write_tokens)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (task_id, provider, model) DO UPDATE
            SET input_tokens = EXCLUDED.input_tokens, output_tokens = EXCLUDED.output_tokens,
                cache_read_tokens = EXCLUDED.cache_read_tokens, cache_write_tokens = EXCLUDED.cache_write_tokens,
                updated_at = now()
            """;

    private static final String REASSIGN = """
            UPDATE agent_task_queue t
            SET runtime_id = (SELECT r.id FROM agent_runtime r JOIN agent a ON a.workspace_id = r.workspace_id
                              WHERE a.id = t.agent_id AND r.id <> t.runtime_id ORDER BY r.name LIMIT 1)
            WHERE t.id = ?
            """;

    private static final String[] TABLES = {"task_usage", "agent_task_queue", "issue", "agent"};
    private static final int BATCH = 100;
    private static final int ROUNDS = 4;

    private record UsageKey(UUID taskId, String provider, String model) {
    }

    private final Bench bench;

    WriterOverhead(Bench bench) {
        this.bench = bench;
    }

    void run() {
        int upserts = bench.settings().upserts();
        int reassigns = bench.settings().reassignLatencySamples();
        Bench.say(String.format("writer overhead: %d rounds of %,d upserts and %,d reassignments, triggers on/off",
                ROUNDS, upserts, reassigns));
        List<UsageKey> history = sampleHistory(ROUNDS * (upserts / 2 + reassigns));
        List<UUID> freshTasks = freshTasks(ROUNDS * (upserts - upserts / 2));
        double[] bestRate = {0, 0};
        List<Double> onLatencies = new ArrayList<>();
        List<Double> offLatencies = new ArrayList<>();
        int historyCursor = 0;
        int freshCursor = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                boolean on = round % 2 == 0;
                setTriggers(on);
                List<UsageKey> rows = new ArrayList<>();
                for (int i = 0; i < upserts / 2; i++) {
                    rows.add(history.get(historyCursor++));
                }
                for (int i = 0; i < upserts - upserts / 2; i++) {
                    rows.add(new UsageKey(freshTasks.get(freshCursor++), "anthropic", "claude-sonnet-4"));
                }
                Collections.shuffle(rows);
                double rate = upsert(rows);
                bestRate[on ? 0 : 1] = Math.max(bestRate[on ? 0 : 1], rate);
                List<Double> latencies = on ? onLatencies : offLatencies;
                for (int i = 0; i < reassigns; i++) {
                    latencies.add(reassign(history.get(historyCursor++).taskId()));
                }
                Bench.say(String.format("writer overhead: round %d, triggers %s: %,.0f upserts/s", round + 1,
                        on ? "on" : "off", rate));
            }
        } finally {
            setTriggers(true);
        }
        Latencies on = new Latencies(onLatencies.stream().mapToDouble(Double::doubleValue).toArray());
        Latencies off = new Latencies(offLatencies.stream().mapToDouble(Double::doubleValue).toArray());
        bench.plans().capture(bench.db(), "Writer: one task reassignment with the pipeline's trigger", REASSIGN,
                history.get(historyCursor - 1).taskId());
        bench.figures().add("4 writer overhead", bench.rawRows(),
                String.format("usage upserts, batches of %d, half new, half corrections (best of %d rounds)", BATCH, ROUNDS / 2),
                String.format("%,.0f rows/s", bestRate[0]), String.format("no triggers %,.0f rows/s", bestRate[1]),
                bestRate[0] / bestRate[1], ">= 0.9 of no-trigger speed", bestRate[0] / bestRate[1] >= 0.9);
        bench.figures().add("4 writer overhead", bench.rawRows(), "task reassignment, one statement, autocommit",
                on.toString(), "no triggers " + off, off.p50() / on.p50(), "(no target; p50 ratio)", null);
    }

    private void setTriggers(boolean enabled) {
        for (String table : TABLES) {
            bench.db().update("ALTER TABLE " + table + (enabled ? " ENABLE" : " DISABLE") + " TRIGGER USER");
        }
    }

    private double upsert(List<UsageKey> rows) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try (Connection connection = bench.db().dataSource().getConnection();
             PreparedStatement statement = connection.prepareStatement(UPSERT)) {
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            int inBatch = 0;
            for (UsageKey row : rows) {
                statement.setObject(1, row.taskId());
                statement.setString(2, row.provider());
                statement.setString(3, row.model());
                statement.setLong(4, random.nextLong(300, 20_000));
                statement.setLong(5, random.nextLong(50, 3_000));
                statement.setLong(6, random.nextLong(0, 40_000));
                statement.setLong(7, random.nextLong(0, 2_000));
                statement.addBatch();
                if (++inBatch == BATCH) {
                    statement.executeBatch();
                    connection.commit();
                    inBatch = 0;
                }
            }
            statement.executeBatch();
            connection.commit();
            return rows.size() / ((System.nanoTime() - started) / 1e9);
        } catch (SQLException e) {
            throw BenchDatabase.failed(UPSERT, e);
        }
    }

    private double reassign(UUID taskId) {
        try (Connection connection = bench.db().dataSource().getConnection();
             PreparedStatement statement = BenchDatabase.prepare(connection, REASSIGN, taskId)) {
            long started = System.nanoTime();
            statement.executeUpdate();
            return (System.nanoTime() - started) / 1e9;
        } catch (SQLException e) {
            throw BenchDatabase.failed(REASSIGN, e);
        }
    }

    /** Distinct tasks' usage rows from all history, in random order. */
    private List<UsageKey> sampleHistory(int count) {
        List<UsageKey> keys = new ArrayList<>();
        try (Connection connection = bench.db().dataSource().getConnection();
             PreparedStatement statement = BenchDatabase.prepare(connection, """
                     SELECT DISTINCT ON (task_id) task_id, provider, model
                     FROM (SELECT task_id, provider, model FROM task_usage ORDER BY random() LIMIT ?) s
                     """, count * 2);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next() && keys.size() < count) {
                keys.add(new UsageKey(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("sampling history: " + e.getMessage(), e);
        }
        if (keys.size() < count) {
            throw new IllegalStateException("history too small for the writer scenario: " + keys.size() + " < " + count);
        }
        Collections.shuffle(keys);
        return keys;
    }

    /** New tasks without usage yet, attributed like existing ones, for the upserts' new rows. */
    private List<UUID> freshTasks(int count) {
        List<UUID> tasks = new ArrayList<>();
        try (Connection connection = bench.db().dataSource().getConnection();
             PreparedStatement statement = BenchDatabase.prepare(connection, """
                     INSERT INTO agent_task_queue (agent_id, runtime_id, issue_id, status)
                     SELECT agent_id, runtime_id, issue_id, 'running'
                     FROM (SELECT agent_id, runtime_id, issue_id FROM agent_task_queue LIMIT ?) t
                     RETURNING id
                     """, count);
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tasks.add(rows.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("creating tasks: " + e.getMessage(), e);
        }
        return tasks;
    }
}
