package dev.tally.domain.report;

import java.util.Objects;
import java.util.UUID;

/** The daily usage of one runtime: members of its workspace only; {@code days} defaults to 90. */
public final class RuntimeReport {

    public static final RangeRule RANGE_RULE = RangeRule.days(90);

    private final WorkspaceMemberships memberships;
    private final ReportPlanner planner;
    private final UsageReportReader reader;

    public RuntimeReport(WorkspaceMemberships memberships, ReportPlanner planner, UsageReportReader reader) {
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.planner = Objects.requireNonNull(planner, "planner");
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    public ReportOutcome<DailyUsage> run(Caller caller, UUID runtimeId, ReportRequest request) {
        if (!memberships.isMemberOfRuntimeWorkspace(caller.userId(), runtimeId)) {
            return new ReportOutcome.NotFound<>("runtime not found");
        }
        if (request.projectId().isPresent()) {
            return new ReportOutcome.Rejected<>("project_id", "project_id is not accepted by runtime reports");
        }
        return planner.run(caller, request, RANGE_RULE, window -> reader.daily(new UsageScope.Runtime(runtimeId), window));
    }
}
