package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ticks that end badly half-way, through rollup-app's real wiring: the connection killed by the
 * server, or the tick past its --tick-timeout. Either way the error is recorded, no tick lock is
 * left behind, and the next tick converges.
 */
class TickInterruptionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final Instant MONDAY_MORNING = Instant.parse("2025-06-02T09:15:00Z");

    private PostgresUsagePlatform platform;
    private UUID task;

    @BeforeEach
    void aTaskRolledUpThenCorrected() {
        db.reset();
        platform = new PostgresUsagePlatform(db.dataSource(), () -> {
            throw new UnsupportedOperationException("rollup-app ticks");
        });
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        task = platform.aTask(platform.anAgentIn(workspace, runtime), runtime, null);
        platform.reportUsage(task, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(100, 10));
        try (RunningRollupApp app = RunningRollupApp.wired(db.url(), db.user(), db.password(), "--lag", "PT0S")) {
            assertThat(app.service().tickOnce()).isInstanceOf(TickOutcome.Completed.class);
        }
        platform.reportUsage(task, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(250, 20));
    }

    @Test
    void aTickWhoseConnectionIsKilledMidwayFailsRecordsTheErrorAndTheNextTickConverges() throws Exception {
        try (RunningRollupApp app = RunningRollupApp.wired(db.url(), db.user(), db.password(), "--lag", "PT0S")) {
            TickOutcome killed;
            try (HourlyRowsLocked locked = HourlyRowsLocked.in(db.dataSource())) {
                CompletableFuture<TickOutcome> ticking = CompletableFuture.supplyAsync(app.service()::tickOnce);
                int ticker = locked.awaitATickWaiting();

                assertThat(db.sql().single("SELECT pg_terminate_backend(?)", Boolean.class, ticker)).isTrue();
                killed = ticking.get(30, TimeUnit.SECONDS);
                assertNoTickLockHeld();
            }

            assertThat(killed).isInstanceOf(TickOutcome.Failed.class);
            assertThat(lastError()).as("the error, recorded on another connection")
                    .isEqualTo(((TickOutcome.Failed) killed).error());
            assertTheNextTickConverges(app);
        }
    }

    @Test
    void aTickPastItsTimeoutIsCancelledWithoutLeavingTheTickLockBehind() throws Exception {
        try (RunningRollupApp app = RunningRollupApp.wired(db.url(), db.user(), db.password(),
                "--lag", "PT0S", "--tick-timeout", "PT0.5S")) {
            TickOutcome timedOut;
            HourlyRowsLocked locked = HourlyRowsLocked.in(db.dataSource());
            try {
                timedOut = app.service().tickOnce();
                assertNoTickLockHeld();
            } finally {
                locked.close();
            }

            assertThat(timedOut).isInstanceOfSatisfying(TickOutcome.Failed.class,
                    failed -> assertThat(failed.error()).contains("canceling statement due to statement timeout"));
            assertThat(lastError()).contains("canceling statement due to statement timeout");
            assertTheNextTickConverges(app);
        }
    }

    /** Checked while the row locks are still held: the tick lock went with the failed tick's transaction. */
    private static void assertNoTickLockHeld() {
        assertThat(db.sql().count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4246"))
                .as("advisory locks on the tick key").isZero();
    }

    private static void assertTheNextTickConverges(RunningRollupApp app) {
        assertThat(app.service().tickOnce()).isInstanceOf(TickOutcome.Completed.class);
        assertThat(lastError()).as("a success clears the error").isNull();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT input_tokens FROM task_usage_hourly")).isEqualTo(250);
    }

    private static String lastError() {
        return db.sql().single("SELECT last_error FROM task_usage_hourly_rollup_state", String.class);
    }
}
