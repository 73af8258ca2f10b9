package dev.tally.domain.report;

import java.util.Optional;
import java.util.UUID;

/** The caller's profile and the one preference reports read: the viewing timezone. */
public interface UserPreferences {

    /** The stored timezone, as stored; empty when none is set or there is no such user. */
    Optional<String> storedTimezone(UUID userId);

    Optional<UserProfile> profile(UUID userId);

    /** Stores {@code timezone}, or clears it when empty; false when there is no such user. */
    boolean storeTimezone(UUID userId, Optional<String> timezone);
}
