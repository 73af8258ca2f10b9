package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ReportRange;
import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.TimezoneRules;
import dev.tally.domain.report.TimezoneSource;
import dev.tally.domain.report.UsageCost;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.report.UsageScope;
import dev.tally.domain.report.UsageSnapshot;
import dev.tally.domain.report.ViewingTimezone;
import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reports are current to the request: usage the rollup has not caught up with is read from the
 * raw tables and replaces, hour by hour, what the rollup holds, so every raw row counts once.
 */
class ReportFreshnessIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final LocalDate DAY = LocalDate.parse("2026-03-10");
    private static final Instant MORNING = Instant.parse("2026-03-10T10:15:00Z");
    private static final Instant AFTERNOON = Instant.parse("2026-03-10T15:40:00Z");
    private static final ReportWindow THAT_DAY_IN_UTC =
            new ReportWindow(new ViewingTimezone(TimezoneRules.UTC, TimezoneSource.REQUEST), new ReportRange(DAY, DAY));

    private final UsageReportReader reader = TallyPostgres.create(db.dataSource()).usageReportReader(Duration.ofSeconds(30));
    private PostgresUsagePlatform platform;
    private UUID workspace;
    private UUID runtime;
    private UUID agent;

    @BeforeEach
    void aWorkspaceWithOneAgent() {
        db.reset();
        platform = new PostgresUsagePlatform(db.dataSource(), () -> Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource())));
        workspace = platform.aWorkspace();
        runtime = platform.aRuntimeIn(workspace);
        agent = platform.anAgentIn(workspace, runtime);
    }

    @Test
    void usageWrittenAfterTheLastTickIsCountedOnceBeforeTheNextTickAndAfterIt() {
        usage(aTask(), MORNING, 100);
        platform.tickUntilCaughtUp();
        usage(aTask(), MORNING.plusSeconds(300), 10);
        assertThat(rolledUpInputTokens()).as("the rollup has not seen the new row yet").isEqualTo(100);

        UsageSnapshot<DailyUsage> fresh = daily();

        assertThat(fresh.rows()).containsExactly(row(110, 2, 2));
        assertThat(fresh.rolledUpThrough()).isEqualTo(watermark());
        platform.tickUntilCaughtUp();
        assertThat(daily().rows()).isEqualTo(fresh.rows());
    }

    @Test
    void aCorrectionAfterTheLastTickReplacesTheValueItCorrects() {
        UUID task = aTask();
        usage(task, MORNING, 100);
        usage(aTask(), MORNING, 7);
        platform.tickUntilCaughtUp();

        usage(task, MORNING, 250);

        assertThat(daily().rows()).containsExactly(row(257, 2, 2));
        platform.tickUntilCaughtUp();
        assertThat(daily().rows()).containsExactly(row(257, 2, 2));
    }

    @Test
    void aRowTheLastTickAlreadyCountedIsNotCountedAgain() {
        // The tick recomputes the hour of an older change and, reading that hour's raw rows, also
        // counts a row written after its horizon: that row is newer than the watermark yet already
        // in the rollup. Adding raw rows newer than the watermark to the rollup would count it twice.
        UUID older = aTask();
        usage(older, MORNING, 100);
        db.sql().update("UPDATE task_usage SET updated_at = now() - INTERVAL '10 minutes' WHERE task_id = ?", older);
        usage(aTask(), MORNING.plusSeconds(60), 10);
        Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource(),
                new RollupPolicy(Duration.ofMinutes(5), Duration.ofDays(1)), Duration.ofMinutes(1)));
        assertThat(rolledUpInputTokens()).isEqualTo(110);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage WHERE updated_at >= ?", utc(watermark()))).isOne();

        assertThat(daily().rows()).containsExactly(row(110, 2, 2));
    }

    @Test
    void reassigningATaskAfterTheLastTickMovesItsUsageBetweenRuntimesAtOnce() {
        UUID otherRuntime = platform.aRuntimeIn(workspace);
        UUID task = aTask();
        usage(task, MORNING, 100);
        usage(aTask(), MORNING, 5);
        platform.tickUntilCaughtUp();

        platform.reassignTaskToRuntime(task, otherRuntime);

        assertThat(reader.daily(new UsageScope.Runtime(runtime), THAT_DAY_IN_UTC).rows()).containsExactly(row(5, 1, 1));
        assertThat(reader.daily(new UsageScope.Runtime(otherRuntime), THAT_DAY_IN_UTC).rows()).containsExactly(row(100, 1, 1));
        assertThat(daily().rows()).containsExactly(row(105, 2, 2));
    }

    @Test
    void usageDeletedAfterTheLastTickIsGoneAtOnce() {
        UUID task = aTask();
        usage(task, MORNING, 100);
        usage(aTask(), AFTERNOON, 5);
        platform.tickUntilCaughtUp();

        platform.deleteTask(task);

        assertThat(daily().rows()).containsExactly(row(5, 1, 1));
    }

    @Test
    void hoursNothingHasChangedInAreReadFromTheRollup() {
        usage(aTask(), MORNING, 100);
        platform.tickUntilCaughtUp();
        // Proof that the morning comes from the rollup: an edit there shows, though raw says 100.
        db.sql().update("UPDATE task_usage_hourly SET input_tokens = 999, uncosted_input_tokens = 999");

        usage(aTask(), AFTERNOON, 5);

        assertThat(daily().rows()).containsExactly(row(1004, 2, 2));
    }

    @Test
    void writesInAnotherWorkspaceLeaveThisWorkspacesHoursToTheRollup() {
        UUID mine = aTask();
        usage(mine, MORNING, 100);
        UUID otherWorkspace = platform.aWorkspace();
        UUID otherRuntime = platform.aRuntimeIn(otherWorkspace);
        UUID otherTask = platform.aTask(platform.anAgentIn(otherWorkspace, otherRuntime), otherRuntime, null);
        platform.reportUsage(otherTask, "anthropic", "claude-sonnet", MORNING, Tokens.of(40, 1));
        platform.tickUntilCaughtUp();
        // Proof that this workspace's morning comes from the rollup: an edit there shows.
        db.sql().update("UPDATE task_usage_hourly SET input_tokens = 999, uncosted_input_tokens = 999 WHERE workspace_id = ?",
                workspace);

        // The other workspace writes into the same hour (a new row, a correction, a dirty key).
        platform.reportUsage(platform.aTask(platform.anAgentIn(otherWorkspace, otherRuntime), otherRuntime, null),
                "anthropic", "claude-sonnet", MORNING.plusSeconds(60), Tokens.of(2, 1));
        platform.reportUsage(otherTask, "anthropic", "claude-sonnet", MORNING, Tokens.of(41, 1));
        platform.deleteUsage(otherTask, "anthropic", "claude-sonnet");

        assertThat(daily().rows()).containsExactly(row(999, 1, 1));
        assertThat(reader.daily(new UsageScope.Workspace(otherWorkspace, Optional.empty()), THAT_DAY_IN_UTC).rows())
                .as("the other workspace's report is current to its own writes").containsExactly(row(2, 1, 1));
    }

    @Test
    void usageMovedIntoThisWorkspaceIsCountedHereAtOnce() {
        UUID otherWorkspace = platform.aWorkspace();
        UUID otherRuntime = platform.aRuntimeIn(otherWorkspace);
        UUID movingAgent = platform.anAgentIn(otherWorkspace, otherRuntime);
        usage(aTask(), MORNING, 100);
        platform.reportUsage(platform.aTask(movingAgent, otherRuntime, null), "anthropic", "claude-sonnet", MORNING,
                Tokens.of(30, 1));
        platform.tickUntilCaughtUp();

        db.sql().update("UPDATE agent SET workspace_id = ? WHERE id = ?", workspace, movingAgent);

        assertThat(daily().rows()).containsExactly(row(130, 2, 2));
        assertThat(reader.daily(new UsageScope.Workspace(otherWorkspace, Optional.empty()), THAT_DAY_IN_UTC).rows())
                .isEmpty();
    }

    @Test
    void aTaskMovedToAnAgentOfThisWorkspaceIsCountedHereAtOnce() {
        UUID otherWorkspace = platform.aWorkspace();
        UUID otherRuntime = platform.aRuntimeIn(otherWorkspace);
        UUID movingTask = platform.aTask(platform.anAgentIn(otherWorkspace, otherRuntime), otherRuntime, null);
        platform.reportUsage(movingTask, "anthropic", "claude-sonnet", MORNING, Tokens.of(30, 1));
        usage(aTask(), MORNING, 100);
        platform.tickUntilCaughtUp();

        db.sql().update("UPDATE agent_task_queue SET agent_id = ?, runtime_id = ? WHERE id = ?", agent, runtime, movingTask);
        // This workspace writes into the same hour too, so the hour is stale here for both reasons.
        usage(aTask(), MORNING.plusSeconds(60), 7);

        assertThat(daily().rows()).containsExactly(row(137, 3, 3));
        assertThat(reader.daily(new UsageScope.Workspace(otherWorkspace, Optional.empty()), THAT_DAY_IN_UTC).rows())
                .isEmpty();
    }

    /** tally.record_usage_workspace = 'off': a row records no workspace, and every report still counts it. */
    @Test
    void usageWrittenWithoutRecordingItsWorkspaceIsCountedAtOnce() throws SQLException {
        usage(aTask(), MORNING, 100);
        platform.tickUntilCaughtUp();
        UUID task = aTask();
        try (Connection connection = db.connection(); Statement statement = connection.createStatement()) {
            statement.execute("SET tally.record_usage_workspace = 'off'");
            statement.execute("INSERT INTO task_usage (task_id, provider, model, input_tokens, output_tokens, created_at) "
                    + "VALUES ('" + task + "', 'anthropic', 'claude-sonnet', 20, 1, '" + MORNING.plusSeconds(60) + "')");
        }
        assertThat(db.sql().count("SELECT count(*) FROM task_usage WHERE workspace_id IS NULL")).isOne();

        assertThat(daily().rows()).containsExactly(row(120, 2, 2));
    }

    @Test
    void beforeTheFirstTickTheReportIsTheRawData() {
        usage(aTask(), MORNING, 100);
        usage(aTask(), AFTERNOON, 5);

        UsageSnapshot<DailyUsage> report = daily();

        assertThat(report.rows()).containsExactly(row(105, 2, 2));
        assertThat(report.rolledUpThrough()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void providersDifferingOnlyInCaseAreOneProviderRolledUpOrNot() {
        platform.reportUsage(aTask(), "Anthropic", "claude-sonnet", MORNING, Tokens.of(100, 1));
        platform.tickUntilCaughtUp();
        platform.reportUsage(aTask(), "ANTHROPIC", "claude-sonnet", AFTERNOON, Tokens.of(20, 1));
        usage(aTask(), AFTERNOON, 3);

        assertThat(daily().rows()).containsExactly(row(123, 3, 3));
    }

    private UsageSnapshot<DailyUsage> daily() {
        return reader.daily(new UsageScope.Workspace(workspace, Optional.empty()), THAT_DAY_IN_UTC);
    }

    private UUID aTask() {
        return platform.aTask(agent, runtime, null);
    }

    private void usage(UUID task, Instant createdAt, long inputTokens) {
        platform.reportUsage(task, "anthropic", "claude-sonnet", createdAt, Tokens.of(inputTokens, 1));
    }

    /** Without a price catalog, every token is unpriced. */
    private static DailyUsage row(long inputTokens, long tasks, long events) {
        return new DailyUsage(DAY, "anthropic", "claude-sonnet", new UsageTotals(inputTokens, events, 0, 0, tasks, events),
                new UsageCost(BigDecimal.ZERO, BigDecimal.ZERO, inputTokens + events));
    }

    private long rolledUpInputTokens() {
        return db.sql().count("SELECT COALESCE(sum(input_tokens), 0)::bigint FROM task_usage_hourly");
    }

    private Instant watermark() {
        return db.sql().single("SELECT watermark_at FROM task_usage_hourly_rollup_state", OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
