package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.RollupProgress;
import dev.tally.domain.rollup.TickWindow;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Java tick and rollup_task_usage_hourly() agree: same windows, same rollup; re-running changes nothing. */
class TicksAgreeIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;

    @BeforeEach
    void aWeekOfMixedChanges() {
        db.reset();
        scenario = Scenario.in(db);
        UUID project = scenario.platform.aProjectIn(scenario.workspace);
        UUID issue = scenario.platform.anIssueIn(scenario.workspace, project);
        UUID otherRuntime = scenario.platform.aRuntimeIn(scenario.workspace);
        Instant now = Instant.now();
        for (int i = 0; i < 40; i++) {
            UUID task = scenario.platform.aTask(scenario.agent, i % 3 == 0 ? otherRuntime : scenario.runtime,
                    i % 4 == 0 ? issue : null);
            Instant at = now.minus(i * 4L + 1, ChronoUnit.HOURS);
            scenario.platform.reportUsage(task, i % 2 == 0 ? "anthropic" : "openai", "model-" + i % 3, at,
                    new Tokens(i + 1, 2L * i, i % 5, 1));
            scenario.backdate(task, at);
        }
    }

    @Test
    void theJavaTickAndTheSqlTickBuildTheSameRollup() {
        Ticks.sqlTickUntilCaughtUp(db.dataSource());
        Map<BucketKey, UsageTotals> bySql = scenario.platform.rollup();

        rewindTheRollup();
        Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource()));
        Map<BucketKey, UsageTotals> byJava = scenario.platform.rollup();

        assertThat(bySql).hasSizeGreaterThan(10);
        assertThat(byJava).isEqualTo(bySql);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void bothTicksChooseTheSameWindowFromTheSameState() throws SQLException {
        RollupPolicy policy = new RollupPolicy(Duration.ofMinutes(5), Duration.ofDays(1));
        for (String watermark : new String[] {"'epoch'::timestamptz", "now() - interval '3 days'", "now() - interval '2 hours'", "now()"}) {
            db.sql().update("UPDATE task_usage_hourly_rollup_state SET watermark_at = " + watermark);
            try (Connection connection = db.connection()) {
                // One transaction, so now() is the same instant for both.
                connection.setAutoCommit(false);
                assertThat(sqlWindow(connection)).as("window from " + watermark)
                        .isEqualTo(policy.windowFor(progress(connection)));
                connection.rollback();
            }
        }
    }

    @Test
    void reRunningOverlappingWindowsChangesNothing() {
        Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource()));
        Map<BucketKey, UsageTotals> before = scenario.platform.rollup();

        long changed = db.sql().count("SELECT rollup_task_usage_hourly_window('epoch', now())")
                + db.sql().count("SELECT rollup_task_usage_hourly_window(now() - interval '3 days', now())");

        assertThat(changed).as("rows written or deleted by the re-runs").isZero();
        assertThat(scenario.platform.rollup()).isEqualTo(before);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    private void rewindTheRollup() {
        db.sql().update("TRUNCATE task_usage_hourly, task_usage_hourly_quarter");
        db.sql().update("UPDATE task_usage_hourly_rollup_state SET watermark_at = 'epoch'");
    }

    private static TickWindow sqlWindow(Connection connection) throws SQLException {
        try (ResultSet row = connection.createStatement().executeQuery(
                "SELECT * FROM task_usage_hourly_next_window(interval '5 minutes', interval '1 day')")) {
            row.next();
            return new TickWindow(instant(row, "window_from"), instant(row, "window_to"));
        }
    }

    /** The same reading the adapter makes (RollupMapper.readProgress). */
    private static RollupProgress progress(Connection connection) throws SQLException {
        try (ResultSet row = connection.createStatement().executeQuery("""
                SELECT watermark_at, now() AS db_now,
                       task_usage_hourly_first_change_since(watermark_at) AS first_change,
                       task_usage_hourly_oldest_open_xact_start() AS oldest_open
                FROM task_usage_hourly_rollup_state
                """)) {
            row.next();
            return new RollupProgress(instant(row, "watermark_at"), instant(row, "db_now"),
                    Optional.ofNullable(instant(row, "first_change")), Optional.ofNullable(instant(row, "oldest_open")));
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
