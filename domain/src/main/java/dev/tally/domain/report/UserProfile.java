package dev.tally.domain.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A user as the report API shows them: the stored timezone as stored (it may no longer be
 * accepted; reports then use UTC) and the workspaces whose reports they may read.
 */
public record UserProfile(UUID id, String email, String name, Optional<String> timezone, List<Membership> workspaces) {

    public UserProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timezone, "timezone");
        workspaces = List.copyOf(workspaces);
    }

    /** Membership of one workspace, with the member's role (owner, admin or member). */
    public record Membership(UUID workspaceId, String workspaceName, String role) {

        public Membership {
            Objects.requireNonNull(workspaceId, "workspaceId");
            Objects.requireNonNull(workspaceName, "workspaceName");
            Objects.requireNonNull(role, "role");
        }
    }
}
