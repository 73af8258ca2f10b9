package dev.tally.domain.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** UserPreferences in memory: just the stored timezones, for tests that need no more. */
final class StoredTimezones implements UserPreferences {

    private final Map<UUID, String> timezones;

    StoredTimezones(Map<UUID, String> timezones) {
        this.timezones = new HashMap<>(timezones);
    }

    @Override
    public Optional<String> storedTimezone(UUID userId) {
        return Optional.ofNullable(timezones.get(userId));
    }

    @Override
    public Optional<UserProfile> profile(UUID userId) {
        return Optional.of(new UserProfile(userId, userId + "@example.com", "", storedTimezone(userId), List.of()));
    }

    @Override
    public boolean storeTimezone(UUID userId, Optional<String> timezone) {
        timezone.ifPresentOrElse(name -> timezones.put(userId, name), () -> timezones.remove(userId));
        return true;
    }
}
