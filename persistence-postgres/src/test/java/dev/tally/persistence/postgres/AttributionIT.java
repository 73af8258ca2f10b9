package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.bucket.HourBucket;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Where usage lands: the agent's workspace (D6) and the UTC hour, whatever the session's TimeZone. */
class AttributionIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final List<Instant> AWKWARD_INSTANTS = List.of(
            Instant.parse("2026-03-08T06:59:59Z"), // just before the US spring-forward
            Instant.parse("2026-03-08T07:30:00Z"),
            Instant.parse("2026-11-01T05:45:00Z"), // inside the US fall-back repeated hour
            Instant.parse("2026-03-10T18:29:59.999Z"), // midnight in Asia/Kolkata
            Instant.parse("1969-12-31T23:30:00Z"));

    private Scenario scenario;

    @BeforeEach
    void startEmpty() {
        db.reset();
        scenario = Scenario.in(db);
    }

    @Test
    void movingAnIssueOfAnotherWorkspaceReattributesUsageInTheAgentsWorkspace() {
        UUID otherWorkspace = scenario.platform.aWorkspace();
        UUID before = scenario.platform.aProjectIn(otherWorkspace);
        UUID after = scenario.platform.aProjectIn(otherWorkspace);
        UUID issue = scenario.platform.anIssueIn(otherWorkspace, before);
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.linkTaskToIssue(task, issue);
        scenario.platform.tickUntilCaughtUp();

        scenario.platform.moveIssueToProject(issue, after);
        scenario.platform.tickUntilCaughtUp();

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().query("SELECT workspace_id, project_id FROM task_usage_hourly",
                row -> List.of(row.getObject(1, UUID.class), row.getObject(2, UUID.class))))
                .containsExactly(List.of(scenario.workspace, after));
    }

    @Test
    void everyUsageRowRecordsItsAgentsWorkspaceThroughEveryMove() {
        Elsewhere other = anAgentInAnotherWorkspace();
        UUID task = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        UUID usage = db.sql().single("SELECT id FROM task_usage WHERE task_id = ?", UUID.class, task);
        assertThat(recordedWorkspace(usage)).as("written").isEqualTo(scenario.workspace);

        db.sql().update("UPDATE agent_task_queue SET agent_id = ? WHERE id = ?", other.agent(), task);
        assertThat(recordedWorkspace(usage)).as("its task moved to another workspace's agent").isEqualTo(other.workspace());

        db.sql().update("UPDATE agent SET workspace_id = ? WHERE id = ?", scenario.workspace, other.agent());
        assertThat(recordedWorkspace(usage)).as("that agent moved back to this workspace").isEqualTo(scenario.workspace);

        UUID taskElsewhere = scenario.platform.aTask(scenario.platform.anAgentIn(other.workspace(), other.runtime()),
                other.runtime(), null);
        db.sql().update("UPDATE task_usage SET task_id = ? WHERE id = ?", taskElsewhere, usage);
        assertThat(recordedWorkspace(usage)).as("the row moved to another workspace's task").isEqualTo(other.workspace());

        db.sql().update("UPDATE task_usage SET workspace_id = gen_random_uuid() WHERE id = ?", usage);
        assertThat(recordedWorkspace(usage)).as("written by hand").isEqualTo(other.workspace());

        scenario.platform.tickUntilCaughtUp();
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    /** A report's stale hour: one workspace's rows of the hour, and those recording no workspace. */
    @Test
    void theHourReaderNarrowedToAWorkspaceReadsItsRowsAndThoseRecordingNone() {
        Elsewhere other = anAgentInAnotherWorkspace();
        UUID mine = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        UUID theirs = scenario.platform.aTask(other.agent(), other.runtime(), null);
        UUID theirsUnrecorded = scenario.platform.aTask(other.agent(), other.runtime(), null);
        for (UUID task : List.of(theirs, theirsUnrecorded)) {
            scenario.platform.reportUsage(task, "anthropic", "claude-sonnet", Scenario.MORNING, Tokens.of(5, 1));
        }
        db.sql().update("ALTER TABLE task_usage DISABLE TRIGGER trg_tu_workspace");
        try {
            db.sql().update("UPDATE task_usage SET workspace_id = NULL WHERE task_id = ?", theirsUnrecorded);
        } finally {
            db.sql().update("ALTER TABLE task_usage ENABLE TRIGGER trg_tu_workspace");
        }

        List<UUID> read = db.sql().query("SELECT task_id FROM task_usage_attributed(ARRAY[?::timestamptz], false, ?)",
                row -> row.getObject(1, UUID.class), Scenario.utc(HourBucket.of(Scenario.MORNING)), scenario.workspace);

        assertThat(read).containsExactlyInAnyOrder(mine, theirsUnrecorded);
    }

    private record Elsewhere(UUID workspace, UUID runtime, UUID agent) {
    }

    private Elsewhere anAgentInAnotherWorkspace() {
        UUID workspace = scenario.platform.aWorkspace();
        UUID runtime = scenario.platform.aRuntimeIn(workspace);
        return new Elsewhere(workspace, runtime, scenario.platform.anAgentIn(workspace, runtime));
    }

    private UUID recordedWorkspace(UUID usage) {
        return db.sql().single("SELECT workspace_id FROM task_usage WHERE id = ?", UUID.class, usage);
    }

    /**
     * The rule has two readers: the view the triggers and the sweep read a few rows of, and the
     * hour reader with its plan pinned (both of its task lookups). After random writes of every
     * kind they attribute every raw row alike, compared both ways.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theHourReaderAttributesEveryRowAsTheRuleViewDoes(boolean massRead) {
        RandomHistory history = new RandomHistory(scenario.platform, db.dataSource(), new java.util.Random(4246));
        for (int step = 0; step < 300; step++) {
            history.step();
        }
        String byView = """
                SELECT bucket_hour, workspace_id, runtime_id, agent_id,
                       COALESCE(project_id, '00000000-0000-0000-0000-000000000000'), provider, model, task_id
                FROM task_usage_attributed_rows""";
        String byHour = """
                SELECT bucket_hour, workspace_id, runtime_id, agent_id, project_key, provider, model, task_id
                FROM task_usage_attributed(ARRAY(SELECT DISTINCT task_usage_hour_bucket(created_at) FROM task_usage), %s)
                """.formatted(massRead);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage")).as("rows attributed").isPositive();
        assertThat(db.sql().count("SELECT count(*) FROM (" + byView + " EXCEPT ALL " + byHour + ") missing")).isZero();
        assertThat(db.sql().count("SELECT count(*) FROM (" + byHour + " EXCEPT ALL " + byView + ") extra")).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Kolkata", "America/St_Johns", "Australia/Adelaide", "Pacific/Chatham",
            "America/New_York", "Asia/Kathmandu"})
    void theHourBucketIsTheUtcHourUnderAnySessionTimeZone(String zone) throws SQLException {
        try (Connection connection = connectionIn(zone);
             PreparedStatement bucket = connection.prepareStatement("SELECT task_usage_hour_bucket(?)")) {
            for (Instant instant : AWKWARD_INSTANTS) {
                bucket.setObject(1, instant.atOffset(ZoneOffset.UTC));
                try (ResultSet row = bucket.executeQuery()) {
                    row.next();
                    assertThat(row.getObject(1, OffsetDateTime.class).toInstant())
                            .as("bucket of %s under TimeZone %s", instant, zone)
                            .isEqualTo(HourBucket.of(instant));
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Asia/Kolkata", "America/St_Johns"})
    void aTickUnderANonUtcSessionTimeZoneBucketsByUtcHour(String zone) {
        for (Instant instant : AWKWARD_INSTANTS) {
            scenario.aTaskWithUsageAt(instant, 10);
        }
        PGSimpleDataSource inZone = dataSourceIn(zone);

        TickOutcome outcome = Ticks.javaTick(inZone).tick();

        assertThat(outcome).isInstanceOf(TickOutcome.Completed.class);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isEqualTo(AWKWARD_INSTANTS.size());
    }

    private Connection connectionIn(String zone) throws SQLException {
        return dataSourceIn(zone).getConnection();
    }

    private PGSimpleDataSource dataSourceIn(String zone) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(db.url());
        source.setUser(db.user());
        source.setPassword(db.password());
        source.setOptions("-c TimeZone=" + zone);
        return source;
    }
}
