package dev.tally.report.http;

import dev.tally.domain.report.ProfileOutcome;
import dev.tally.domain.report.UserProfile;
import java.util.List;

/**
 * The caller's profile: the stored timezone as stored ({@code null} when none), and the timezone
 * their reports use when a request names none.
 */
record ProfileJson(
        String id,
        String email,
        String name,
        String timezone,
        String reportTimezone,
        String reportTimezoneSource,
        List<WorkspaceJson> workspaces) {

    record WorkspaceJson(String id, String name, String role) {

        static WorkspaceJson of(UserProfile.Membership membership) {
            return new WorkspaceJson(membership.workspaceId().toString(), membership.workspaceName(), membership.role());
        }
    }

    static ProfileJson of(ProfileOutcome.Found found) {
        UserProfile profile = found.profile();
        return new ProfileJson(profile.id().toString(), profile.email(), profile.name(), profile.timezone().orElse(null),
                found.reportTimezone().name(), ReportJson.lowerCase(found.reportTimezone().source()),
                profile.workspaces().stream().map(WorkspaceJson::of).toList());
    }
}
