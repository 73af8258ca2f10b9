package dev.tally.domain.report;

import java.util.Objects;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * One report of a workspace's usage: members only, the report's range rule, the request's
 * {@code project_id} filter. The five reports differ only in their read and their default range,
 * so each is one of the factories below rather than a class of its own.
 */
public final class WorkspaceReport<R> {

    public static final int DEFAULT_DAYS = 30;
    public static final int DEFAULT_WEEKS = 12;

    private final WorkspaceMemberships memberships;
    private final ReportPlanner planner;
    private final RangeRule rangeRule;
    private final BiFunction<UsageScope, ReportWindow, UsageSnapshot<R>> read;

    private WorkspaceReport(WorkspaceMemberships memberships, ReportPlanner planner, RangeRule rangeRule,
                            BiFunction<UsageScope, ReportWindow, UsageSnapshot<R>> read) {
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.rangeRule = rangeRule;
        this.read = read;
    }

    /** Per local date, provider and model; {@code days} defaults to 30. */
    public static WorkspaceReport<DailyUsage> daily(
            WorkspaceMemberships memberships, ReportPlanner planner, UsageReportReader reader) {
        return new WorkspaceReport<>(memberships, planner, RangeRule.days(DEFAULT_DAYS), reader::daily);
    }

    /** Per local Monday-start week, provider and model; {@code weeks} defaults to 12. */
    public static WorkspaceReport<WeeklyUsage> weekly(
            WorkspaceMemberships memberships, ReportPlanner planner, UsageReportReader reader) {
        return new WorkspaceReport<>(memberships, planner, RangeRule.weeks(DEFAULT_WEEKS), reader::weekly);
    }

    /** Per agent, provider and model, over the same range rule as {@link #daily}. */
    public static WorkspaceReport<AgentUsage> byAgent(
            WorkspaceMemberships memberships, ReportPlanner planner, UsageReportReader reader) {
        return new WorkspaceReport<>(memberships, planner, RangeRule.days(DEFAULT_DAYS), reader::byAgent);
    }

    /** Per project, provider and model, over the same range rule as {@link #daily}. */
    public static WorkspaceReport<ProjectUsage> byProject(
            WorkspaceMemberships memberships, ReportPlanner planner, UsageReportReader reader) {
        return new WorkspaceReport<>(memberships, planner, RangeRule.days(DEFAULT_DAYS), reader::byProject);
    }

    /** Per runtime, provider and model, over the same range rule as {@link #daily}. */
    public static WorkspaceReport<RuntimeUsage> byRuntime(
            WorkspaceMemberships memberships, ReportPlanner planner, UsageReportReader reader) {
        return new WorkspaceReport<>(memberships, planner, RangeRule.days(DEFAULT_DAYS), reader::byRuntime);
    }

    public ReportOutcome<R> run(Caller caller, UUID workspaceId, ReportRequest request) {
        if (!memberships.isMember(caller.userId(), workspaceId)) {
            return new ReportOutcome.NotFound<>("workspace not found");
        }
        return planner.run(caller, request, rangeRule,
                window -> read.apply(ReportPlanner.workspaceScope(workspaceId, request), window));
    }
}
