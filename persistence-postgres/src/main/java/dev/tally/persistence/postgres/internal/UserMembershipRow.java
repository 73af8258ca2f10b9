package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.UserProfile;
import java.util.UUID;

/** One workspace a user is a member of. */
record UserMembershipRow(UUID workspaceId, String workspaceName, String role) {

    UserProfile.Membership toMembership() {
        return new UserProfile.Membership(workspaceId, workspaceName, role);
    }
}
