package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.UsageScope;
import java.time.Instant;
import java.util.UUID;

/**
 * The parameters of one report query: the scope (exactly one of workspace and runtime; a project
 * narrows a workspace) and the window (the zone's name and the instants [start, end) of its local midnights).
 */
record ReportQuery(UUID workspaceId, UUID projectId, UUID runtimeId, String zone, Instant start, Instant end) {

    static ReportQuery of(UsageScope scope, ReportWindow window) {
        if (scope instanceof UsageScope.Workspace workspace) {
            return new ReportQuery(workspace.workspaceId(), workspace.projectId().orElse(null), null,
                    window.timezone().name(), window.start(), window.end());
        }
        UsageScope.Runtime runtime = (UsageScope.Runtime) scope;
        return new ReportQuery(null, null, runtime.runtimeId(), window.timezone().name(), window.start(), window.end());
    }
}
