package dev.tally.domain.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HourBucketTest {

    @ParameterizedTest(name = "{0} falls in the hour starting {1}")
    @CsvSource({
        "2026-03-10T10:15:30.123456789Z, 2026-03-10T10:00:00Z",
        "2026-03-10T10:00:00Z,           2026-03-10T10:00:00Z",
        "2026-03-10T10:59:59.999999999Z, 2026-03-10T10:00:00Z",
        "2026-03-10T11:00:00Z,           2026-03-10T11:00:00Z",
        "2026-12-31T23:30:00Z,           2026-12-31T23:00:00Z",
        // Before 1970 the epoch seconds are negative: truncation must round down, not toward zero.
        "1969-12-31T23:59:59.5Z,         1969-12-31T23:00:00Z",
        "1900-06-01T05:30:00.000000001Z, 1900-06-01T05:00:00Z",
    })
    void anInstantFallsInTheUtcHourThatContainsIt(Instant instant, Instant hourStart) {
        assertThat(HourBucket.of(instant)).isEqualTo(hourStart);
    }

    @Test
    void theHourIsUtcWhateverOffsetTheInstantWasWrittenIn() {
        // 15:45 at +05:30 is 10:15 UTC; a local truncation would give 15:00+05:30, that is 09:30 UTC.
        Instant quarterPastTenUtc = OffsetDateTime.parse("2026-03-10T15:45:00+05:30").toInstant();

        assertThat(HourBucket.of(quarterPastTenUtc)).isEqualTo(Instant.parse("2026-03-10T10:00:00Z"));
    }

    @ParameterizedTest(name = "{0} is a boundary")
    @CsvSource({"2026-03-10T10:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:00:00Z"})
    void theStartOfAUtcHourIsABoundary(Instant instant) {
        assertThat(HourBucket.isBoundary(instant)).isTrue();
    }

    @ParameterizedTest(name = "{0} is not a boundary")
    @CsvSource({
        "2026-03-10T10:00:00.000000001Z",
        "2026-03-10T09:59:59.999999999Z",
        "2026-03-10T10:30:00Z",
        "1969-12-31T23:59:59.999999999Z",
    })
    void anyOtherInstantIsNotABoundary(Instant instant) {
        assertThat(HourBucket.isBoundary(instant)).isFalse();
    }
}
