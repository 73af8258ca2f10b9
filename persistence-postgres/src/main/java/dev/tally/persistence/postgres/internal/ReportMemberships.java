package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.WorkspaceMemberships;
import java.util.UUID;

/** Membership checks, from the platform's member table. */
public final class ReportMemberships implements WorkspaceMemberships {

    private final MyBatisSessions sessions;

    public ReportMemberships(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean isMember(UUID userId, UUID workspaceId) {
        return sessions.inTransaction(session -> session.getMapper(ReportMapper.class).isMember(userId, workspaceId));
    }

    @Override
    public boolean isMemberOfRuntimeWorkspace(UUID userId, UUID runtimeId) {
        return sessions.inTransaction(
                session -> session.getMapper(ReportMapper.class).isMemberOfRuntimeWorkspace(userId, runtimeId));
    }
}
