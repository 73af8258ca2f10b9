package dev.tally.persistence.postgres;

import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.testing.Sql;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** The two tickers under test, the Java tick and the SQL tick, run without lag so tests see their writes at once. */
final class Ticks {

    static final RollupPolicy NO_LAG = new RollupPolicy(Duration.ZERO, Duration.ofDays(1));
    private static final int ENOUGH = 1_000;

    private Ticks() {
    }

    static RunRollupTick javaTick(DataSource dataSource, RollupPolicy policy, Duration tickTimeout) {
        TallyPostgres postgres = TallyPostgres.create(dataSource);
        return new RunRollupTick(postgres.hourlyRollupStore(tickTimeout), postgres.rollupFailureLog(), policy,
                Clock.systemUTC());
    }

    static RunRollupTick javaTick(DataSource dataSource) {
        return javaTick(dataSource, NO_LAG, Duration.ofMinutes(1));
    }

    /** Java ticks until one reports it has caught up; fails on a failed or skipped tick. */
    static int javaTickUntilCaughtUp(RunRollupTick tick) {
        for (int ticks = 1; ticks <= ENOUGH; ticks++) {
            TickOutcome outcome = tick.tick();
            if (!(outcome instanceof TickOutcome.Completed completed)) {
                throw new AssertionError("tick did not complete: " + outcome);
            }
            if (completed.caughtUp()) {
                return ticks;
            }
        }
        throw new AssertionError("not caught up after " + ENOUGH + " ticks");
    }

    /** One SQL tick, as pg_cron runs it; returns what rollup_task_usage_hourly() returned. */
    static Long sqlTick(DataSource dataSource, String lag) {
        return new Sql(dataSource).single("""
                SELECT rollup_task_usage_hourly()
                FROM (SELECT set_config('tally.rollup_lag', ?, true)) AS configured
                """, Long.class, lag);
    }

    /** SQL ticks until the watermark has passed every raw change and the queue is empty. */
    static int sqlTickUntilCaughtUp(DataSource dataSource) {
        Sql sql = new Sql(dataSource);
        for (int ticks = 1; ticks <= ENOUGH; ticks++) {
            if (sqlTick(dataSource, "0") == null) {
                throw new AssertionError("SQL tick failed: " + sql.single(
                        "SELECT last_error FROM task_usage_hourly_rollup_state", String.class));
            }
            if (caughtUp(sql)) {
                return ticks;
            }
        }
        throw new AssertionError("not caught up after " + ENOUGH + " SQL ticks");
    }

    private static boolean caughtUp(Sql sql) {
        return sql.single("""
                SELECT NOT EXISTS (SELECT 1 FROM task_usage_hourly_dirty)
                   AND NOT EXISTS (SELECT 1 FROM task_usage
                                   WHERE COALESCE(updated_at, created_at) >= (SELECT watermark_at FROM task_usage_hourly_rollup_state))
                """, Boolean.class);
    }
}
