package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.UserPreferences;
import dev.tally.domain.report.UserProfile;
import java.util.Optional;
import java.util.UUID;

/** The platform's "user" table, as far as reports need it. */
public final class UserPreferencesStore implements UserPreferences {

    private final MyBatisSessions sessions;

    public UserPreferencesStore(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Optional<String> storedTimezone(UUID userId) {
        return Optional.ofNullable(sessions.inTransaction(session -> session.getMapper(UserMapper.class).storedTimezone(userId)));
    }

    @Override
    public Optional<UserProfile> profile(UUID userId) {
        return sessions.inTransaction(session -> {
            UserMapper mapper = session.getMapper(UserMapper.class);
            return Optional.ofNullable(mapper.profile(userId)).map(row -> new UserProfile(row.id(), row.email(), row.name(),
                    Optional.ofNullable(row.timezone()),
                    mapper.memberships(userId).stream().map(UserMembershipRow::toMembership).toList()));
        });
    }

    @Override
    public boolean storeTimezone(UUID userId, Optional<String> timezone) {
        return sessions.inTransaction(session ->
                session.getMapper(UserMapper.class).storeTimezone(userId, timezone.orElse(null)) == 1);
    }
}
