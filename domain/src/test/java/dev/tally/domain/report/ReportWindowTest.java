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
        // zone,               first day,  last day,   start (UTC),          end (UTC),            minutes
        "Asia/Kolkata,        2026-03-10, 2026-03-10, 2026-03-09T18:30:00Z, 2026-03-10T18:30:00Z, 1440",
        "Asia/Kathmandu,      2026-03-10, 2026-03-10, 2026-03-09T18:15:00Z, 2026-03-10T18:15:00Z, 1440",
        "Australia/Adelaide,  2026-03-10, 2026-03-10, 2026-03-09T13:30:00Z, 2026-03-10T13:30:00Z, 1440",
        "America/St_Johns,    2026-01-10, 2026-01-10, 2026-01-10T03:30:00Z, 2026-01-11T03:30:00Z, 1440",
        "Pacific/Chatham,     2026-04-05, 2026-04-05, 2026-04-04T10:15:00Z, 2026-04-05T11:15:00Z, 1500",
        // Lord Howe shifts by half an hour: a 23.5-hour day in October, a 24.5-hour day in April
        "Australia/Lord_Howe, 2026-10-04, 2026-10-04, 2026-10-03T13:30:00Z, 2026-10-04T13:00:00Z, 1410",
        "Australia/Lord_Howe, 2026-04-05, 2026-04-05, 2026-04-04T13:00:00Z, 2026-04-05T13:30:00Z, 1470",
        "America/Caracas,     2010-05-01, 2010-05-01, 2010-05-01T04:30:00Z, 2010-05-02T04:30:00Z, 1440"})
    void whereLocalMidnightIsBetweenUtcHoursTheDaysAreExactToTheQuarterHour(
            String zone, LocalDate from, LocalDate to, Instant start, Instant end, long minutes) {
        ReportWindow window = window(zone, from, to);

        assertThat(window.start()).isEqualTo(start);
        assertThat(window.end()).isEqualTo(end);
        assertThat(Duration.between(window.start(), window.end()).toMinutes()).isEqualTo(minutes);
        assertThat(window.start().getEpochSecond() % 900).as("on a quarter hour").isZero();
        assertThat(window.dayEdges()).isEqualTo(DayEdges.EXACT);
    }

    private static ReportWindow window(String zone, LocalDate from, LocalDate to) {
        return new ReportWindow(new ViewingTimezone(ZoneId.of(zone), TimezoneSource.REQUEST), new ReportRange(from, to));
    }
}
