package dev.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportWindowTest {

    @ParameterizedTest
    @CsvSource({
        // zone,               first day,  last day,   start (UTC),          end (UTC),            hours
        "UTC,                 2026-03-10, 2026-03-10, 2026-03-10T00:00:00Z, 2026-03-11T00:00:00Z, 24",
        "Asia/Tokyo,          2026-03-10, 2026-03-10, 2026-03-09T15:00:00Z, 2026-03-10T15:00:00Z, 24",
        "America/New_York,    2026-03-08, 2026-03-08, 2026-03-08T05:00:00Z, 2026-03-09T04:00:00Z, 23",
        "America/New_York,    2026-11-01, 2026-11-01, 2026-11-01T04:00:00Z, 2026-11-02T05:00:00Z, 25",
        "America/New_York,    2026-03-07, 2026-03-09, 2026-03-07T05:00:00Z, 2026-03-10T04:00:00Z, 71",
        "America/Los_Angeles, 2026-03-08, 2026-03-08, 2026-03-08T08:00:00Z, 2026-03-09T07:00:00Z, 23",
        "Europe/Berlin,       2026-03-29, 2026-03-29, 2026-03-28T23:00:00Z, 2026-03-29T22:00:00Z, 23"})
    void whereLocalMidnightIsOnAUtcHourTheDaysAreExactIncludingDstDays(
            String zone, LocalDate from, LocalDate to, Instant start, Instant end, long hours) {
        ReportWindow window = window(zone, from, to);

        assertThat(window.start()).isEqualTo(start);
        assertThat(window.end()).isEqualTo(end);
        assertThat(Duration.between(window.start(), window.end()).toHours()).isEqualTo(hours);
        assertThat(window.dayEdges()).isEqualTo(DayEdges.EXACT);
    }

    @ParameterizedTest
    @CsvSource({
        // local midnight 18:30 UTC, 18:15 UTC, 13:30 UTC (ACDT, +10:30), 03:30 UTC: each rounded up to the next UTC hour
        "Asia/Kolkata,       2026-03-10, 2026-03-09T19:00:00Z, 2026-03-10T19:00:00Z",
        "Asia/Kathmandu,     2026-03-10, 2026-03-09T19:00:00Z, 2026-03-10T19:00:00Z",
        "Australia/Adelaide, 2026-03-10, 2026-03-09T14:00:00Z, 2026-03-10T14:00:00Z",
        "America/St_Johns,   2026-01-10, 2026-01-10T04:00:00Z, 2026-01-11T04:00:00Z"})
    void whereLocalMidnightIsBetweenUtcHoursDaysStartOnTheNextUtcHour(
            String zone, LocalDate day, Instant start, Instant end) {
        ReportWindow window = window(zone, day, day);

        assertThat(window.start()).isEqualTo(start);
        assertThat(window.end()).isEqualTo(end);
        assertThat(window.dayEdges()).isEqualTo(DayEdges.HOUR_ALIGNED);
    }

    @ParameterizedTest
    @CsvSource({
        "2026-01-10, 2026-01-10, EXACT",        // summer: +11:00, midnight is on a UTC hour
        "2026-07-10, 2026-07-10, HOUR_ALIGNED", // winter: +10:30
        "2026-01-10, 2026-07-10, HOUR_ALIGNED"}) // a range is flagged if any offset in it is fractional
    void lordHoweIsFlaggedByTheOffsetsInItsRange(LocalDate from, LocalDate to, DayEdges expected) {
        assertThat(window("Australia/Lord_Howe", from, to).dayEdges()).isEqualTo(expected);
    }

    private static ReportWindow window(String zone, LocalDate from, LocalDate to) {
        return new ReportWindow(new ViewingTimezone(ZoneId.of(zone), TimezoneSource.REQUEST), new ReportRange(from, to));
    }
}
