package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * D1 and D2: a failed tick leaves its error in the state row (upstream rolled the record back with
 * the tick), and a cancelled tick leaves no lock behind (upstream's session lock stayed held).
 */
class TickFailureIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;

    @BeforeEach
    void startEmpty() {
        db.reset();
        scenario = Scenario.in(db);
    }

    @Test
    void aFailedJavaTickLeavesItsErrorAndFinishTimeInTheStateRow() {
        usageWhoseSumOverflowsBigint();

        TickOutcome outcome = Ticks.javaTick(db.dataSource()).tick();

        assertThat(outcome).isInstanceOfSatisfying(TickOutcome.Failed.class,
                failed -> assertThat(failed.error()).contains("bigint out of range"));
        assertThat(lastError()).contains("bigint out of range");
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_rollup_state "
                + "WHERE last_run_finished_at IS NOT NULL AND watermark_at = 'epoch'")).isOne();
    }

    @Test
    void aFailedSqlTickLeavesItsErrorAndFinishTimeInTheStateRow() {
        usageWhoseSumOverflowsBigint();

        assertThat(Ticks.sqlTick(db.dataSource(), "0")).as("a failed SQL tick returns NULL").isNull();

        assertThat(lastError()).contains("bigint out of range");
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_rollup_state "
                + "WHERE last_run_finished_at IS NOT NULL AND watermark_at = 'epoch'")).isOne();
    }

    @Test
    void aJavaTickCancelledByItsTimeoutLeavesNoLockAndRecordsTheError() throws SQLException {
        UUID task = rolledUpTaskThenCorrected();

        TickOutcome outcome;
        try (Connection blocker = lockingTheHourlyRowsOf(task)) {
            outcome = Ticks.javaTick(db.dataSource(), Ticks.NO_LAG, Duration.ofMillis(300)).tick();
            blocker.rollback();
        }

        assertThat(outcome).isInstanceOf(TickOutcome.Failed.class);
        assertThat(lastError()).contains("statement timeout");
        assertNoTickLockHeldAndTheNextTickConverges();
    }

    @Test
    void aJavaTickCancelledInFlightFailsAtOnceLeavesNoLockAndRecordsTheError() throws Exception {
        UUID task = rolledUpTaskThenCorrected();
        TallyPostgres postgres = TallyPostgres.create(db.dataSource());
        RunRollupTick tick = new RunRollupTick(postgres.hourlyRollupStore(Duration.ofMinutes(5)),
                postgres.rollupFailureLog(), Ticks.NO_LAG, Clock.systemUTC());

        TickOutcome outcome;
        try (Connection blocker = lockingTheHourlyRowsOf(task)) {
            CompletableFuture<TickOutcome> ticking = CompletableFuture.supplyAsync(tick::tick);
            db.awaitALockWaiter();
            postgres.inFlightTicks().cancel();
            outcome = ticking.get(30, TimeUnit.SECONDS);
            blocker.rollback();
        }

        assertThat(outcome).isInstanceOfSatisfying(TickOutcome.Failed.class,
                failed -> assertThat(failed.error()).contains("canceling statement due to user request"));
        assertThat(lastError()).contains("canceling statement due to user request");
        postgres.inFlightTicks().cancel();
        assertNoTickLockHeldAndTheNextTickConverges();
    }

    @Test
    void aSqlTickCancelledByStatementTimeoutLeavesNoLockAndRecordsTheError() throws SQLException {
        UUID task = rolledUpTaskThenCorrected();

        try (Connection blocker = lockingTheHourlyRowsOf(task);
             Connection ticker = db.connection();
             Statement statement = ticker.createStatement()) {
            statement.execute("SET tally.rollup_lag = '0'");
            statement.execute("SET statement_timeout = '300ms'");
            var result = statement.executeQuery("SELECT rollup_task_usage_hourly()");
            result.next();
            assertThat(result.getObject(1)).as("a failed SQL tick returns NULL").isNull();
            blocker.rollback();
        }

        assertThat(lastError()).contains("statement timeout");
        assertNoTickLockHeldAndTheNextTickConverges();
    }

    private void usageWhoseSumOverflowsBigint() {
        UUID first = scenario.platform.aTask(scenario.agent, scenario.runtime, null);
        UUID second = scenario.platform.aTask(scenario.agent, scenario.runtime, null);
        scenario.platform.reportUsage(first, "anthropic", "m", Scenario.MORNING, Tokens.of(Long.MAX_VALUE - 5, 0));
        scenario.platform.reportUsage(second, "anthropic", "m", Scenario.MORNING, Tokens.of(10, 0));
    }

    private UUID rolledUpTaskThenCorrected() {
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.tickUntilCaughtUp();
        scenario.platform.reportUsage(task, "anthropic", "claude-sonnet", Scenario.MORNING, Tokens.of(250, 1));
        return task;
    }

    /** Holds the row locks a recompute of the task's key needs, so the tick blocks until its timeout. */
    private Connection lockingTheHourlyRowsOf(UUID task) throws SQLException {
        Connection blocker = db.connection();
        blocker.setAutoCommit(false);
        try (var statement = blocker.prepareStatement(
                "SELECT 1 FROM task_usage_hourly WHERE agent_id = (SELECT agent_id FROM agent_task_queue WHERE id = ?) FOR UPDATE")) {
            statement.setObject(1, task);
            statement.executeQuery().close();
        }
        return blocker;
    }

    private void assertNoTickLockHeldAndTheNextTickConverges() {
        assertThat(db.sql().count("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 4246"))
                .as("advisory locks on the tick key").isZero();
        assertThat(Ticks.javaTick(db.dataSource()).tick()).isInstanceOf(TickOutcome.Completed.class);
        assertThat(lastError()).isNull();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isOne();
    }

    private String lastError() {
        return db.sql().single("SELECT last_error FROM task_usage_hourly_rollup_state", String.class);
    }
}
