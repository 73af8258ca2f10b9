package dev.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.bucket.UsageTotals;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The report use cases around their read: access, timezone, range, freshness; the read itself is faked. */
class WorkspaceReportTest {

    /** 02:00 UTC on 10 March: still 9 March in New York, already 10 March in Tokyo. */
    private static final Instant NOW = Instant.parse("2026-03-10T02:00:00Z");
    private static final Instant WATERMARK = NOW.minusSeconds(600);
    /** What the standby that serves weekly reports below had replayed: 3 seconds behind. */
    private static final ReadSource STANDBY = new ReadSource.Standby(NOW.minusSeconds(3), Duration.ofSeconds(3));

    private final UUID member = UUID.randomUUID();
    private final UUID stranger = UUID.randomUUID();
    private final UUID workspace = UUID.randomUUID();
    private final UUID runtime = UUID.randomUUID();
    private final Map<UUID, String> storedTimezones = Map.of(member, "Asia/Tokyo");
    private final List<Read> reads = new ArrayList<>();

    private final WorkspaceMemberships memberships = new WorkspaceMemberships() {
        @Override
        public boolean isMember(UUID userId, UUID workspaceId) {
            return userId.equals(member) && workspaceId.equals(workspace);
        }

        @Override
        public boolean isMemberOfRuntimeWorkspace(UUID userId, UUID runtimeId) {
            return userId.equals(member) && runtimeId.equals(runtime);
        }
    };
    private final ReportPlanner planner = new ReportPlanner(
            new TimezoneRules(ZoneId::getAvailableZoneIds), new StoredTimezones(storedTimezones),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final WorkspaceReport<DailyUsage> daily = WorkspaceReport.daily(memberships, planner, new RecordingReader());
    private final WorkspaceReport<WeeklyUsage> weekly = WorkspaceReport.weekly(memberships, planner, new RecordingReader());
    private final RuntimeReport runtimeReport = new RuntimeReport(memberships, planner, new RecordingReader());

    @Test
    void aMemberGetsTheReportInTheirStoredTimezoneWithItsWindowAndFreshness() {
        ReportOutcome<DailyUsage> outcome = daily.run(new Caller(member), workspace, RangeRuleTest.withDays("7"));

        UsageReport<DailyUsage> report = ((ReportOutcome.Ready<DailyUsage>) outcome).report();
        assertThat(report.window().timezone()).isEqualTo(new ViewingTimezone(ZoneId.of("Asia/Tokyo"), TimezoneSource.USER));
        assertThat(report.window().range()).isEqualTo(new ReportRange(LocalDate.parse("2026-03-04"), LocalDate.parse("2026-03-10")));
        assertThat(report.rolledUpThrough()).isEqualTo(WATERMARK);
        assertThat(report.generatedAt()).isEqualTo(NOW);
        assertThat(report.source()).isEqualTo(ReadSource.DIRECT);
        assertThat(report.rows()).hasSize(1);
        assertThat(reads).containsExactly(new Read("daily", new UsageScope.Workspace(workspace, Optional.empty()), report.window()));
    }

    @Test
    void aReportReadOnAStandbyIsCurrentToWhatTheStandbyHadReplayedNotToTheRequest() {
        ReportOutcome<WeeklyUsage> outcome = weekly.run(new Caller(member), workspace, ReportRequest.DEFAULTS);

        UsageReport<WeeklyUsage> report = ((ReportOutcome.Ready<WeeklyUsage>) outcome).report();
        assertThat(report.generatedAt()).isEqualTo(NOW.minusSeconds(3));
        assertThat(report.source()).isEqualTo(STANDBY);
    }

    @Test
    void todayIsTheViewersToday() {
        ReportOutcome<DailyUsage> outcome = daily.run(new Caller(member), workspace, withTz("America/New_York"));

        ReportWindow window = ((ReportOutcome.Ready<DailyUsage>) outcome).report().window();
        assertThat(window.range().to()).isEqualTo(LocalDate.parse("2026-03-09"));
        assertThat(window.range().days()).isEqualTo(WorkspaceReport.DEFAULT_DAYS);
        assertThat(window.timezone().source()).isEqualTo(TimezoneSource.REQUEST);
    }

    @Test
    void aNonMemberGetsNotFoundAndNothingIsRead() {
        assertThat(daily.run(new Caller(stranger), workspace, ReportRequest.DEFAULTS))
                .isEqualTo(new ReportOutcome.NotFound<DailyUsage>("workspace not found"));
        assertThat(daily.run(new Caller(member), UUID.randomUUID(), ReportRequest.DEFAULTS))
                .isEqualTo(new ReportOutcome.NotFound<DailyUsage>("workspace not found"));
        assertThat(runtimeReport.run(new Caller(stranger), runtime, ReportRequest.DEFAULTS))
                .isEqualTo(new ReportOutcome.NotFound<DailyUsage>("runtime not found"));
        assertThat(reads).isEmpty();
    }

    @Test
    void aRejectedParameterIsNamedAndNothingIsRead() {
        assertThat(daily.run(new Caller(member), workspace, withTz("UTC+8")))
                .isInstanceOfSatisfying(ReportOutcome.Rejected.class, r -> assertThat(r.parameter()).isEqualTo("tz"));
        assertThat(daily.run(new Caller(member), workspace, RangeRuleTest.withDays("0")))
                .isInstanceOfSatisfying(ReportOutcome.Rejected.class, r -> assertThat(r.parameter()).isEqualTo("days"));
        assertThat(weekly.run(new Caller(member), workspace, RangeRuleTest.withWeeks("105")))
                .isInstanceOfSatisfying(ReportOutcome.Rejected.class, r -> assertThat(r.parameter()).isEqualTo("weeks"));
        assertThat(daily.run(new Caller(member), workspace, withProject("not-a-uuid")))
                .isEqualTo(new ReportOutcome.Rejected<DailyUsage>("project_id", "project_id must be a UUID (got 'not-a-uuid')"));
        assertThat(runtimeReport.run(new Caller(member), runtime, withProject(UUID.randomUUID().toString())))
                .isInstanceOfSatisfying(ReportOutcome.Rejected.class, r -> assertThat(r.parameter()).isEqualTo("project_id"));
        assertThat(reads).isEmpty();
    }

    @Test
    void theProjectFilterNarrowsTheScope() {
        UUID project = UUID.randomUUID();

        daily.run(new Caller(member), workspace, withProject(project.toString()));

        assertThat(reads).extracting(Read::scope).containsExactly(new UsageScope.Workspace(workspace, Optional.of(project)));
    }

    @Test
    void weeksAndRuntimeReportsHaveTheirOwnDefaults() {
        ReportOutcome<WeeklyUsage> weeks = weekly.run(new Caller(member), workspace, ReportRequest.DEFAULTS);
        ReportOutcome<DailyUsage> days = runtimeReport.run(new Caller(member), runtime, ReportRequest.DEFAULTS);

        assertThat(((ReportOutcome.Ready<WeeklyUsage>) weeks).report().window().range().from())
                .isEqualTo(LocalDate.parse("2025-12-22")); // Monday of the week 11 weeks before Tokyo's 10 March
        assertThat(((ReportOutcome.Ready<DailyUsage>) days).report().window().range().days()).isEqualTo(90);
        assertThat(reads).extracting(Read::scope).last().isEqualTo(new UsageScope.Runtime(runtime));
    }

    @Test
    void theBreakdownsEachReadTheirOwnRowsOverThirtyDaysByDefault() {
        RecordingReader reader = new RecordingReader();
        for (WorkspaceReport<?> breakdown : List.of(WorkspaceReport.byAgent(memberships, planner, reader),
                WorkspaceReport.byProject(memberships, planner, reader),
                WorkspaceReport.byRuntime(memberships, planner, reader))) {
            breakdown.run(new Caller(member), workspace, ReportRequest.DEFAULTS);
        }

        assertThat(reads).extracting(Read::report).containsExactly("byAgent", "byProject", "byRuntime");
        assertThat(reads).extracting(read -> read.window().range().days())
                .containsOnly((long) WorkspaceReport.DEFAULT_DAYS);
        assertThat(reads).extracting(Read::scope).containsOnly(new UsageScope.Workspace(workspace, Optional.empty()));
    }

    private static ReportRequest withTz(String tz) {
        return new ReportRequest(Optional.of(tz), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    private static ReportRequest withProject(String projectId) {
        return new ReportRequest(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(projectId));
    }

    private record Read(String report, UsageScope scope, ReportWindow window) {
    }

    private static UsageTotals someTotals() {
        return new UsageTotals(10, 5, 0, 0, 1, 1);
    }

    /** Records each read and answers with one row on the window's first date. */
    private final class RecordingReader implements UsageReportReader {

        @Override
        public Set<String> timezoneNames() {
            return ZoneId.getAvailableZoneIds();
        }

        @Override
        public UsageSnapshot<DailyUsage> daily(UsageScope scope, ReportWindow window) {
            reads.add(new Read("daily", scope, window));
            return new UsageSnapshot<>(WATERMARK,
                    List.of(new DailyUsage(window.range().from(), "anthropic", "claude-sonnet", someTotals(), UsageCost.NONE)),
                    ReadSource.DIRECT);
        }

        @Override
        public UsageSnapshot<WeeklyUsage> weekly(UsageScope scope, ReportWindow window) {
            reads.add(new Read("weekly", scope, window));
            return new UsageSnapshot<>(WATERMARK, List.of(), STANDBY);
        }

        @Override
        public UsageSnapshot<AgentUsage> byAgent(UsageScope scope, ReportWindow window) {
            reads.add(new Read("byAgent", scope, window));
            return new UsageSnapshot<>(WATERMARK, List.of(), ReadSource.DIRECT);
        }

        @Override
        public UsageSnapshot<ProjectUsage> byProject(UsageScope scope, ReportWindow window) {
            reads.add(new Read("byProject", scope, window));
            return new UsageSnapshot<>(WATERMARK, List.of(), ReadSource.DIRECT);
        }

        @Override
        public UsageSnapshot<RuntimeUsage> byRuntime(UsageScope scope, ReportWindow window) {
            reads.add(new Read("byRuntime", scope, window));
            return new UsageSnapshot<>(WATERMARK, List.of(), ReadSource.DIRECT);
        }
    }
}
