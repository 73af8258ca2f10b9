package dev.tally.backfill;

import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.testing.TestDatabase;
import dev.tally.workload.GeneratedWorkload;
import dev.tally.workload.WorkloadGenerator;
import dev.tally.workload.WorkloadShape;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Fixtures for the backfill's tests: a random history, the rollup's state, and the rollup-app tick. */
final class Histories {

    /** Three workspaces, thirty days, with late corrections, reassignments and deletions. */
    static final WorkloadShape RANDOM_HISTORY = new WorkloadShape(3, 2, 30, 3_000, 20, 10, 5);

    private static final int ENOUGH_TICKS = 1_000;

    private Histories() {
    }

    /** Empties the database, backfill progress included, and writes a fresh random history; the rollup is empty. */
    static GeneratedWorkload aRandomMultiWorkspaceHistory(TestDatabase db) {
        db.reset();
        db.sql().update("TRUNCATE task_usage_hourly_backfill_run, task_usage_hourly_backfill_slice");
        return new WorkloadGenerator(db.dataSource(), line -> { }).generate(RANDOM_HISTORY);
    }

    static List<UUID> workspaces(TestDatabase db) {
        return db.sql().query("SELECT id FROM workspace ORDER BY id", row -> row.getObject(1, UUID.class));
    }

    static Instant watermark(TestDatabase db) {
        return db.sql().single("SELECT watermark_at FROM task_usage_hourly_rollup_state", OffsetDateTime.class)
                .toInstant();
    }

    static void setWatermark(TestDatabase db, Instant watermark) {
        db.sql().update("UPDATE task_usage_hourly_rollup_state SET watermark_at = ?", watermark.atOffset(ZoneOffset.UTC));
    }

    static Instant databaseNow(TestDatabase db) {
        return db.sql().single("SELECT now()", OffsetDateTime.class).toInstant();
    }

    /** Every hourly row, so a test can tell the table did not change at all. */
    static String hourlyRows(TestDatabase db) {
        return db.sql().single("SELECT COALESCE(string_agg(h::text, E'\\n' ORDER BY h::text), '') FROM task_usage_hourly h",
                String.class);
    }

    static long committedSlices(TestDatabase db) {
        return db.sql().count("SELECT count(*) FROM task_usage_hourly_backfill_slice");
    }

    static long runsInProgress(TestDatabase db) {
        return db.sql().count("SELECT count(*) FROM task_usage_hourly_backfill_run");
    }

    /** The tick rollup-app runs, without lag so it sees writes at once. */
    static RunRollupTick rollupTick(TestDatabase db) {
        TallyPostgres postgres = TallyPostgres.create(db.dataSource());
        return new RunRollupTick(postgres.hourlyRollupStore(Duration.ofMinutes(1)), postgres.rollupFailureLog(),
                new RollupPolicy(Duration.ZERO, Duration.ofDays(1)), Clock.systemUTC());
    }

    /** Ticks until a tick reports it has caught up; fails on a failed tick. */
    static void tickUntilCaughtUp(RunRollupTick tick) {
        for (int ticks = 0; ticks < ENOUGH_TICKS; ticks++) {
            TickOutcome outcome = tick.tick();
            if (outcome instanceof TickOutcome.Failed failed) {
                throw new AssertionError("tick failed: " + failed.error());
            }
            if (outcome instanceof TickOutcome.Completed completed && completed.caughtUp()) {
                return;
            }
        }
        throw new AssertionError("not caught up after " + ENOUGH_TICKS + " ticks");
    }
}
