package dev.tally.domain.report;

import java.util.Objects;
import java.util.Optional;

/** The caller's profile and the timezone their reports use by default. */
public final class ShowProfile {

    private final UserPreferences preferences;
    private final TimezoneRules timezones;

    public ShowProfile(UserPreferences preferences, TimezoneRules timezones) {
        this.preferences = Objects.requireNonNull(preferences, "preferences");
        this.timezones = Objects.requireNonNull(timezones, "timezones");
    }

    public ProfileOutcome run(Caller caller) {
        return preferences.profile(caller.userId())
                .<ProfileOutcome>map(profile -> new ProfileOutcome.Found(
                        profile, timezones.resolve(Optional.empty(), profile.timezone())))
                .orElseGet(ProfileOutcome.UnknownUser::new);
    }
}
