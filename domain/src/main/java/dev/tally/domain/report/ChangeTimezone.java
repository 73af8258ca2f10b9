package dev.tally.domain.report;

import java.util.Objects;
import java.util.Optional;

/**
 * Sets or clears the caller's viewing timezone. A name is stored only if reports accept it
 * ({@link TimezoneRules}); an empty or blank one clears the setting, so reports fall back to UTC.
 */
public final class ChangeTimezone {

    private final UserPreferences preferences;
    private final TimezoneRules timezones;
    private final ShowProfile showProfile;

    public ChangeTimezone(UserPreferences preferences, TimezoneRules timezones, ShowProfile showProfile) {
        this.preferences = Objects.requireNonNull(preferences, "preferences");
        this.timezones = Objects.requireNonNull(timezones, "timezones");
        this.showProfile = Objects.requireNonNull(showProfile, "showProfile");
    }

    /** {@code timezone} empty (or blank) clears the setting. */
    public ProfileOutcome run(Caller caller, Optional<String> timezone) {
        Optional<String> name = timezone.map(String::strip).filter(value -> !value.isEmpty());
        if (name.isPresent() && timezones.zoneNamed(name.get()).isEmpty()) {
            return new ProfileOutcome.Rejected("timezone", "invalid timezone: '" + name.get()
                    + "' is not an accepted IANA timezone name (such as Europe/Berlin, America/New_York or UTC)");
        }
        if (!preferences.storeTimezone(caller.userId(), name)) {
            return new ProfileOutcome.UnknownUser();
        }
        return showProfile.run(caller);
    }
}
