package dev.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimezoneRulesTest {

    /** What the report store knows: every Java name plus the kinds of names only PostgreSQL takes. */
    private static final Set<String> STORE_NAMES = storeNames();

    private final TimezoneRules rules = new TimezoneRules(() -> STORE_NAMES);

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Etc/UTC", "Asia/Tokyo", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
            "Asia/Kathmandu", "Australia/Adelaide", "America/Argentina/Buenos_Aires", "America/Port-au-Prince",
            "America/North_Dakota/New_Salem", "Europe/Berlin"})
    void ianaRegionNamesAreAccepted(String name) {
        assertThat(rules.zoneNamed(name)).contains(ZoneId.of(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Local", "UTC+8", "UTC-05:00", "GMT+8", "EST", "PST", "CET", "EST5EDT", "GMT", "Z",
            "+05:00", "-08:00", "+5", "Etc/GMT+5", "Etc/GMT-14", "Etc/Greenwich", "SystemV/EST5", "asia/tokyo",
            "ASIA/TOKYO", " Asia/Tokyo", "Asia/Tokyo ", "Asia//Tokyo", "Asia/Tokyo/", "Mars/Olympus", "Not/A/Real/Zone",
            "", "posixrules", "localtime"})
    void everythingElseIsRejected(String name) {
        assertThat(rules.zoneNamed(name)).isEmpty();
    }

    @Test
    void aJavaNameTheStoreLacksIsRejected() {
        TimezoneRules withoutBerlin = new TimezoneRules(() -> without(STORE_NAMES, "Europe/Berlin"));

        assertThat(withoutBerlin.zoneNamed("Europe/Berlin")).isEmpty();
        assertThat(withoutBerlin.zoneNamed("Europe/Paris")).isPresent();
    }

    @Test
    void aStoreNameJavaLacksIsRejected() {
        assertThat(STORE_NAMES).contains("Mars/Olympus");
        assertThat(rules.acceptedNames()).doesNotContain("Mars/Olympus");
    }

    @Test
    void theAcceptedNamesAreJavasRegionNamesTheStoreKnows() {
        assertThat(rules.acceptedNames())
                .contains("UTC", "Etc/UTC", "Asia/Tokyo")
                .allMatch(TimezoneRules::isRegionName)
                .allMatch(ZoneId.getAvailableZoneIds()::contains)
                .hasSizeGreaterThan(300);
    }

    @Test
    void theStoreIsAskedOnceAndAgainOnlyAfterAFailure() {
        AtomicInteger asked = new AtomicInteger();
        TimezoneRules flaky = new TimezoneRules(() -> {
            if (asked.incrementAndGet() == 1) {
                throw new IllegalStateException("database unavailable");
            }
            return STORE_NAMES;
        });

        assertThatThrownBy(() -> flaky.zoneNamed("UTC")).hasMessage("database unavailable");
        assertThat(flaky.zoneNamed("UTC")).isPresent();
        assertThat(flaky.zoneNamed("Asia/Tokyo")).isPresent();
        assertThat(asked).hasValue(2);
    }

    @Test
    void theRequestedTimezoneComesFirst() {
        ViewingTimezone chosen = rules.resolve(Optional.of("America/New_York"), Optional.of("Asia/Tokyo"));

        assertThat(chosen).isEqualTo(new ViewingTimezone(ZoneId.of("America/New_York"), TimezoneSource.REQUEST));
    }

    @Test
    void withoutARequestedTimezoneTheStoredOneIsUsed() {
        ViewingTimezone chosen = rules.resolve(Optional.empty(), Optional.of("Asia/Tokyo"));

        assertThat(chosen).isEqualTo(new ViewingTimezone(ZoneId.of("Asia/Tokyo"), TimezoneSource.USER));
    }

    @Test
    void withNeitherItIsUtc() {
        assertThat(rules.resolve(Optional.empty(), Optional.empty()))
                .isEqualTo(new ViewingTimezone(TimezoneRules.UTC, TimezoneSource.DEFAULT));
        assertThat(TimezoneRules.UTC.getId()).isEqualTo("UTC");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad/Zone", "Local", "UTC+8", ""})
    void aStoredTimezoneThatIsNotAcceptedFallsBackToUtc(String stored) {
        // The stored value is not the request's fault: the report still answers, and says it used UTC.
        assertThat(rules.resolve(Optional.empty(), Optional.of(stored)))
                .isEqualTo(new ViewingTimezone(TimezoneRules.UTC, TimezoneSource.DEFAULT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "Local", "UTC+8", "EST", "+05:00", ""})
    void aRequestedTimezoneThatIsNotAcceptedIsRejectedNotSkipped(String requested) {
        assertThatThrownBy(() -> rules.resolve(Optional.of(requested), Optional.of("Asia/Tokyo")))
                .isInstanceOfSatisfying(RejectedParameter.class, e -> {
                    assertThat(e.parameter()).isEqualTo("tz");
                    assertThat(e.getMessage()).startsWith("tz must be an IANA timezone name").contains("'" + requested + "'");
                });
    }

    private static Set<String> storeNames() {
        Set<String> names = new HashSet<>(ZoneId.getAvailableZoneIds());
        names.addAll(Set.of("Mars/Olympus", "posixrules", "localtime", "EST", "GMT+0"));
        return Set.copyOf(names);
    }

    private static Set<String> without(Set<String> names, String name) {
        Set<String> fewer = new HashSet<>(names);
        fewer.remove(name);
        return fewer;
    }
}
