package dev.tally.domain.report;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Whose usage a report sums. */
public sealed interface UsageScope permits UsageScope.Workspace, UsageScope.Runtime {

    /** A workspace's usage (by the agent's workspace, as the rollup attributes it), optionally one project's only. */
    record Workspace(UUID workspaceId, Optional<UUID> projectId) implements UsageScope {

        public Workspace {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(projectId, "projectId");
        }
    }

    /** The usage of the tasks that ran on one runtime. */
    record Runtime(UUID runtimeId) implements UsageScope {

        public Runtime {
            Objects.requireNonNull(runtimeId, "runtimeId");
        }
    }
}
