package dev.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileTest {

    private final UUID user = UUID.randomUUID();
    private final TimezoneRules timezones = new TimezoneRules(ZoneId::getAvailableZoneIds);

    @Test
    void anAcceptedTimezoneIsStoredAndBecomesTheReportsDefault() {
        StoredTimezones preferences = new StoredTimezones(Map.of());

        ProfileOutcome outcome = change(preferences).run(new Caller(user), Optional.of(" Asia/Tokyo "));

        assertThat(preferences.storedTimezone(user)).contains("Asia/Tokyo");
        assertThat(outcome).isInstanceOfSatisfying(ProfileOutcome.Found.class, found -> {
            assertThat(found.profile().timezone()).contains("Asia/Tokyo");
            assertThat(found.reportTimezone()).isEqualTo(new ViewingTimezone(ZoneId.of("Asia/Tokyo"), TimezoneSource.USER));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void anEmptyOrBlankTimezoneClearsIt(String blank) {
        StoredTimezones preferences = new StoredTimezones(Map.of(user, "Asia/Tokyo"));

        change(preferences).run(new Caller(user), Optional.of(blank));

        assertThat(preferences.storedTimezone(user)).isEmpty();
    }

    @Test
    void noTimezoneClearsIt() {
        StoredTimezones preferences = new StoredTimezones(Map.of(user, "Asia/Tokyo"));

        ProfileOutcome outcome = change(preferences).run(new Caller(user), Optional.empty());

        assertThat(preferences.storedTimezone(user)).isEmpty();
        assertThat(outcome).isInstanceOfSatisfying(ProfileOutcome.Found.class, found ->
                assertThat(found.reportTimezone()).isEqualTo(new ViewingTimezone(TimezoneRules.UTC, TimezoneSource.DEFAULT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Not/A/Real/Zone", "Local", "UTC+8", "EST", "+05:00"})
    void aTimezoneThatIsNotAcceptedIsRejectedAndNothingChanges(String name) {
        StoredTimezones preferences = new StoredTimezones(Map.of(user, "Europe/Berlin"));

        ProfileOutcome outcome = change(preferences).run(new Caller(user), Optional.of(name));

        assertThat(outcome).isInstanceOfSatisfying(ProfileOutcome.Rejected.class, rejected -> {
            assertThat(rejected.field()).isEqualTo("timezone");
            assertThat(rejected.message()).startsWith("invalid timezone: '" + name + "'");
        });
        assertThat(preferences.storedTimezone(user)).contains("Europe/Berlin");
    }

    @Test
    void aStoredTimezoneThatIsNoLongerAcceptedIsShownAsStoredButReportsUseUtc() {
        StoredTimezones preferences = new StoredTimezones(Map.of(user, "Bad/Zone"));

        ProfileOutcome outcome = new ShowProfile(preferences, timezones).run(new Caller(user));

        assertThat(outcome).isInstanceOfSatisfying(ProfileOutcome.Found.class, found -> {
            assertThat(found.profile().timezone()).contains("Bad/Zone");
            assertThat(found.reportTimezone().source()).isEqualTo(TimezoneSource.DEFAULT);
        });
    }

    @Test
    void aUserDeletedMeanwhileIsUnknown() {
        UserPreferences nobody = new UserPreferences() {
            @Override
            public Optional<String> storedTimezone(UUID userId) {
                return Optional.empty();
            }

            @Override
            public Optional<UserProfile> profile(UUID userId) {
                return Optional.empty();
            }

            @Override
            public boolean storeTimezone(UUID userId, Optional<String> timezone) {
                return false;
            }
        };

        assertThat(new ShowProfile(nobody, timezones).run(new Caller(user))).isInstanceOf(ProfileOutcome.UnknownUser.class);
        assertThat(new ChangeTimezone(nobody, timezones, new ShowProfile(nobody, timezones))
                .run(new Caller(user), Optional.of("UTC"))).isInstanceOf(ProfileOutcome.UnknownUser.class);
    }

    private ChangeTimezone change(UserPreferences preferences) {
        return new ChangeTimezone(preferences, timezones, new ShowProfile(preferences, timezones));
    }
}
