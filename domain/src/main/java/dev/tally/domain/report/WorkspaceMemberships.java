package dev.tally.domain.report;

import java.util.UUID;

/** Who may see which usage: the members of a workspace see its usage and that of its runtimes. */
public interface WorkspaceMemberships {

    /** False when there is no such workspace too. */
    boolean isMember(UUID userId, UUID workspaceId);

    /** Whether the user is a member of the runtime's workspace; false when there is no such runtime. */
    boolean isMemberOfRuntimeWorkspace(UUID userId, UUID runtimeId);
}
