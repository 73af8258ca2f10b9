package dev.tally.benchmarks;

import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Scenario 1: one tick after (a) the everyday pattern and (b) the adversarial one, for Tally's Java
 * tick (RunRollupTick through the PostgreSQL adapters, as rollup-app runs it), the seed's recompute
 * over the same window with the same queued keys, and the full-rebuild floor, on identical data.
 */
final class TickCost {

    /** Rounds of pattern (a) before the measured one: one tick is too short to time alone on a shared machine. */
    private static final int EVERYDAY_ROUNDS = 5;

    /**
     * New tasks in the hour that ended {@code ?} hours ago (0: the last hour), each with one usage row,
     * attributed like recent real tasks.
     */
    private static final String NEW_USAGE = """
            WITH template AS MATERIALIZED (
                SELECT gen_random_uuid() AS task_id, t.agent_id, t.runtime_id, t.issue_id, tu.provider, tu.model,
                       now() - ? * interval '1 hour' - random() * interval '55 minutes' AS at
                FROM task_usage tu
                JOIN agent_task_queue t ON t.id = tu.task_id
                WHERE tu.created_at >= now() - interval '1 day'
                ORDER BY random()
                LIMIT ?
            ),
            tasks AS (
                INSERT INTO agent_task_queue (id, agent_id, runtime_id, issue_id, status, created_at, completed_at)
                SELECT task_id, agent_id, runtime_id, issue_id, 'completed', at - interval '2 minutes', at FROM template
            )
            INSERT INTO task_usage (task_id, provider, model, input_tokens, output_tokens, cache_read_tokens,
                                    cache_write_tokens, created_at)
            SELECT task_id, provider, model, (300 + 20000 * random() ^ 2)::bigint, (50 + 3000 * random())::bigint,
                   (40000 * random())::bigint, (2000 * random())::bigint, at
            FROM template
            """;

    /**
     * Tasks with usage in the hour that ended {@code ?} hours ago move to their workspace's other
     * runtime (the triggers queue both sides).
     */
    private static final String REASSIGN_RECENT = """
            UPDATE agent_task_queue t
            SET runtime_id = (SELECT r.id FROM agent_runtime r
                              WHERE r.workspace_id = a.workspace_id AND r.id <> t.runtime_id ORDER BY r.name LIMIT 1)
            FROM agent a
            WHERE a.id = t.agent_id
              AND t.id IN (SELECT task_id FROM (SELECT DISTINCT task_id FROM task_usage
                                                WHERE created_at >= now() - (? + 1) * interval '1 hour'
                                                  AND created_at < now() - ? * interval '1 hour') recent
                           ORDER BY random() LIMIT ?)
            """;

    /** Corrections through the platform's upsert path: tokens change and updated_at moves to now. */
    private static final String CORRECT_SCATTERED = """
            UPDATE task_usage SET output_tokens = output_tokens + 100, updated_at = now()
            WHERE id IN (SELECT id FROM task_usage ORDER BY random() LIMIT ?)
            """;

    private final Bench bench;
    private final FullRebuild rebuild;
    private final RunRollupTick tick;

    TickCost(Bench bench, FullRebuild rebuild) {
        this.bench = bench;
        this.rebuild = rebuild;
        // No lag: the changes were just made and must be in this one tick's window.
        this.tick = new RunRollupTick(bench.tally().hourlyRollupStore(Duration.ofHours(2)),
                bench.tally().rollupFailureLog(), new RollupPolicy(Duration.ZERO, Duration.ofDays(1)), Clock.systemUTC());
    }

    /** Returns Tally's tick in seconds. */
    double everyday() {
        BenchDatabase db = bench.db();
        Bench.Settings settings = bench.settings();
        Bench.say(String.format("tick (a): %,d new usage rows in the last hour, %,d reassignments",
                settings.newRows(), settings.reassignments()));
        db.update(NEW_USAGE, 0, settings.newRows());
        bench.seed().installTriggers();
        db.update(REASSIGN_RECENT, 0, 0, settings.reassignments());
        bench.seed().dropTriggers();
        return measure("1a tick, everyday", String.format("%,d new rows + %,d reassignments",
                settings.newRows(), settings.reassignments()), 30, "tick after (a)");
    }

    /**
     * Pattern (a) in each of the {@link #EVERYDAY_ROUNDS} hours before the last, oldest first, each
     * followed by Tally's tick: the median of these ticks, taken before {@link #everyday()} so every
     * round finds the same history. Each round's hour starts with only its own generated usage, as
     * the last hour does. The seed takes no part (its triggers are off), and the rollup is verified
     * after the measured round, which covers these hours too.
     */
    void everydayRounds() {
        BenchDatabase db = bench.db();
        Bench.Settings settings = bench.settings();
        double[] ticks = new double[EVERYDAY_ROUNDS];
        for (int round = 0; round < EVERYDAY_ROUNDS; round++) {
            int hoursAgo = EVERYDAY_ROUNDS - round;
            db.update(NEW_USAGE, hoursAgo, settings.newRows());
            db.update(REASSIGN_RECENT, hoursAgo, hoursAgo, settings.reassignments());
            ticks[round] = completedTick("1a round " + (round + 1)).duration().toNanos() / 1e9;
        }
        Arrays.sort(ticks);
        double median = ticks[EVERYDAY_ROUNDS / 2];
        Bench.say(String.format("1a rounds: median %.3f s of %s", median, Arrays.toString(ticks)));
        bench.figures().add("1a tick, everyday, rounds", bench.rawRows(), String.format(
                "median of %d rounds of %,d new rows + %,d reassignments, each in an hour of its own",
                EVERYDAY_ROUNDS, settings.newRows(), settings.reassignments()), Figures.seconds(median),
                "min " + Figures.seconds(ticks[0]) + ", max " + Figures.seconds(ticks[EVERYDAY_ROUNDS - 1]),
                Double.NaN, "", null);
    }

    double adversarial() {
        BenchDatabase db = bench.db();
        Bench.Settings settings = bench.settings();
        Bench.say(String.format("tick (b): %,d corrections scattered over all history", settings.corrections()));
        db.update(CORRECT_SCATTERED, settings.corrections());
        return measure("1b tick, adversarial", String.format("%,d scattered corrections", settings.corrections()), 10,
                "tick after (b)");
    }

    private double measure(String scenario, String pattern, double seedTarget, String after) {
        BenchDatabase db = bench.db();
        Instant from = db.instant("SELECT watermark_at FROM task_usage_hourly_rollup_state");
        long tallyQueued = db.count("SELECT count(*) FROM task_usage_hourly_dirty");
        long seedQueued = bench.seed().queuedKeys();
        long dirtyHours = db.count("""
                SELECT count(*) FROM (
                    SELECT bucket_hour FROM task_usage_hourly_dirty
                    UNION SELECT task_usage_hour_bucket(created_at) FROM task_usage WHERE updated_at >= ?) h
                """, from);
        bench.plans().capture(db, scenario + ": Tally's recompute (" + pattern + ", " + dirtyHours + " dirty hours)",
                "SELECT * FROM task_usage_hourly_recompute(?, now())", from);

        Bench.say(scenario + ": Tally's tick");
        TickOutcome.Completed completed = completedTick(scenario);
        double tally = completed.duration().toNanos() / 1e9;
        Bench.say(String.format("%s: Tally %.3f s, %s, %,d keys", scenario, tally, completed.window(),
                completed.counts().keysRecomputed()));
        bench.verifyRollup(after);

        String seedCall = SeedPipeline.windowCall(completed.window().from(), completed.window().to());
        // Only pattern (a): explaining runs the statement, and the seed's (b) takes minutes (its plan has the same shape).
        if (seedTarget != 10 && bench.rawRows() <= bench.settings().seedPlansUpTo()) {
            bench.plans().capture(db, scenario + ": the seed's recompute", seedCall);
        }
        Bench.say(scenario + ": the seed's recompute, same window, " + seedQueued + " queued keys");
        OptionalDouble seed = timedWithin(seedCall, bench.settings().seedTimeout());
        if (seed.isEmpty()) {
            // Cancelled before it drained its queue: the next pattern must not inherit these keys.
            db.update("TRUNCATE seed.task_usage_hourly_dirty");
        }
        Bench.say(scenario + ": full rebuild floor");
        double floor = rebuild.floor();

        String seedText = seed.isPresent() ? Figures.seconds(seed.getAsDouble())
                : "> " + Figures.seconds(bench.settings().seedTimeout().toSeconds()) + " (cancelled)";
        double seedRatio = (seed.isPresent() ? seed.getAsDouble() : bench.settings().seedTimeout().toSeconds()) / tally;
        String measure = String.format("%s; %,d keys, %,d dirty hours; queue %,d (seed %,d)", pattern,
                completed.counts().keysRecomputed(), dirtyHours, tallyQueued, seedQueued);
        String target = bench.atTenMillion() && seedTarget == 30 ? ">= 100x seed at 10M" : ">= " + (int) seedTarget + "x seed";
        double needed = bench.atTenMillion() && seedTarget == 30 ? 100 : seedTarget;
        // A cancelled seed gives only a lower bound: below the target it shows nothing either way.
        Boolean met = seed.isPresent() || seedRatio >= needed ? seedRatio >= needed : null;
        bench.figures().add(scenario, bench.rawRows(), measure, Figures.seconds(tally),
                "seed recompute " + seedText, seedRatio, target, met);
        boolean adversarial = seedTarget == 10;
        bench.figures().add(scenario, bench.rawRows(), "same tick vs full rebuild", Figures.seconds(tally),
                "GROUP BY floor " + Figures.seconds(floor), floor / tally,
                adversarial ? "faster than rebuild (> 1)" : "", adversarial ? floor / tally > 1 : null);
        return tally;
    }

    private TickOutcome.Completed completedTick(String what) {
        TickOutcome outcome = tick.tick();
        if (!(outcome instanceof TickOutcome.Completed completed) || !completed.caughtUp()) {
            throw new IllegalStateException(what + ": Tally's tick did not complete and catch up: " + outcome);
        }
        return completed;
    }

    /** Seconds, or empty when the statement was cancelled at the timeout. */
    private OptionalDouble timedWithin(String sql, Duration timeout) {
        try (Connection connection = bench.db().dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("SET statement_timeout = " + timeout.toMillis());
            try {
                long started = System.nanoTime();
                statement.execute(sql);
                return OptionalDouble.of((System.nanoTime() - started) / 1e9);
            } catch (SQLException e) {
                if ("57014".equals(e.getSQLState())) {
                    return OptionalDouble.empty();
                }
                throw e;
            } finally {
                statement.execute("RESET statement_timeout");
            }
        } catch (SQLException e) {
            throw BenchDatabase.failed(sql, e);
        }
    }
}
