package dev.tally.domain.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeRuleTest {

    private static final LocalDate WEDNESDAY = LocalDate.parse("2026-03-11");

    private final RangeRule days = RangeRule.days(30);
    private final RangeRule weeks = RangeRule.weeks(12);

    @Test
    void daysAreTheLocalDaysEndingTodayTodayIncluded() {
        assertThat(days.rangeFor(withDays("1"), WEDNESDAY)).isEqualTo(range("2026-03-11", "2026-03-11"));
        assertThat(days.rangeFor(withDays("7"), WEDNESDAY)).isEqualTo(range("2026-03-05", "2026-03-11"));
        assertThat(days.rangeFor(withDays("366"), WEDNESDAY).days()).isEqualTo(366);
    }

    @Test
    void withoutARangeTheDefaultCountApplies() {
        assertThat(days.rangeFor(ReportRequest.DEFAULTS, WEDNESDAY)).isEqualTo(range("2026-02-10", "2026-03-11"));
        assertThat(RangeRule.days(90).rangeFor(ReportRequest.DEFAULTS, WEDNESDAY).days()).isEqualTo(90);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "367", "-1", "-5", "abc", "", " 7", "7 ", "+7", "1e2", "7.0", "99999999999", "NaN"})
    void aDaysValueThatIsMalformedOrOutOfRangeIsRejectedNotDefaulted(String value) {
        assertThatThrownBy(() -> days.rangeFor(withDays(value), WEDNESDAY))
                .isInstanceOfSatisfying(RejectedParameter.class, e -> {
                    assertThat(e.parameter()).isEqualTo("days");
                    assertThat(e.getMessage()).isEqualTo("days must be a whole number from 1 to 366 (got '" + value + "')");
                });
    }

    @ParameterizedTest
    @CsvSource({
        "2026-03-09, 1, 2026-03-09", // Monday: this week is today alone
        "2026-03-11, 1, 2026-03-09", // Wednesday
        "2026-03-15, 1, 2026-03-09", // Sunday: still the week that began on Monday
        "2026-03-11, 2, 2026-03-02",
        "2026-03-11, 12, 2025-12-22",
        "2026-01-01, 1, 2025-12-29"}) // a week across the new year
    void weeksAreMondayStartWeeksEndingWithThisWeek(LocalDate today, String count, LocalDate firstMonday) {
        assertThat(weeks.rangeFor(withWeeks(count), today)).isEqualTo(new ReportRange(firstMonday, today));
    }

    @Test
    void weeksGoUpTo104AndDefaultTo12() {
        assertThat(weeks.rangeFor(withWeeks("104"), WEDNESDAY).from()).isEqualTo(LocalDate.parse("2024-03-18"));
        assertThat(weeks.rangeFor(ReportRequest.DEFAULTS, WEDNESDAY).from()).isEqualTo(LocalDate.parse("2025-12-22"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "105", "-1", "two", ""})
    void aWeeksValueThatIsMalformedOrOutOfRangeIsRejected(String value) {
        assertThatThrownBy(() -> weeks.rangeFor(withWeeks(value), WEDNESDAY))
                .isInstanceOfSatisfying(RejectedParameter.class, e -> {
                    assertThat(e.parameter()).isEqualTo("weeks");
                    assertThat(e.getMessage()).isEqualTo("weeks must be a whole number from 1 to 104 (got '" + value + "')");
                });
    }

    @Test
    void explicitDatesAreTakenAsTheyAreBothIncluded() {
        assertThat(days.rangeFor(between("2025-01-01", "2025-12-31"), WEDNESDAY)).isEqualTo(range("2025-01-01", "2025-12-31"));
        assertThat(days.rangeFor(between("2024-01-01", "2024-12-31"), WEDNESDAY).days()).isEqualTo(366);
        assertThat(weeks.rangeFor(between("2026-03-04", "2026-03-04"), WEDNESDAY)).isEqualTo(range("2026-03-04", "2026-03-04"));
        assertThat(days.rangeFor(between("2027-01-01", "2027-01-31"), WEDNESDAY)).isEqualTo(range("2027-01-01", "2027-01-31"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2024-01-01 | 2025-01-01 | to   | from and to may span at most 366 days (got 367)",
        "2026-03-02 | 2026-03-01 | to   | to (2026-03-01) must not be before from (2026-03-02)",
        "2026-3-1   | 2026-03-02 | from | from must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got '2026-3-1')",
        "2026-02-30 | 2026-03-02 | from | from must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got '2026-02-30')",
        "20260301   | 2026-03-02 | from | from must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got '20260301')",
        "1969-12-31 | 1970-01-02 | from | from must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got '1969-12-31')",
        "2026-03-01 | 9999-12-31 | to   | to must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got '9999-12-31')",
        "2026-03-01 | yesterday  | to   | to must be a date written YYYY-MM-DD, from 1970-01-01 to 9999-12-30 (got 'yesterday')"})
    void explicitDatesThatAreMalformedReversedOrTooFarApartAreRejected(
            String from, String to, String parameter, String message) {
        assertThatThrownBy(() -> days.rangeFor(between(from, to), WEDNESDAY))
                .isInstanceOfSatisfying(RejectedParameter.class, e -> {
                    assertThat(e.parameter()).isEqualTo(parameter);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    @Test
    void fromAndToGoTogether() {
        ReportRequest onlyFrom = new ReportRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("2026-03-01"), Optional.empty(), Optional.empty());
        ReportRequest onlyTo = new ReportRequest(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of("2026-03-01"), Optional.empty());

        assertRejected(() -> days.rangeFor(onlyFrom, WEDNESDAY), "to", "from and to go together: to is missing");
        assertRejected(() -> days.rangeFor(onlyTo, WEDNESDAY), "from", "from and to go together: from is missing");
    }

    @Test
    void aCountCannotBeCombinedWithDates() {
        ReportRequest both = new ReportRequest(Optional.empty(), Optional.of("7"), Optional.empty(),
                Optional.of("2026-03-01"), Optional.of("2026-03-02"), Optional.empty());

        assertRejected(() -> days.rangeFor(both, WEDNESDAY), "days",
                "days cannot be combined with from and to; give one or the other");
    }

    @Test
    void aReportCountedInDaysRejectsWeeksAndTheOtherWayRound() {
        assertRejected(() -> days.rangeFor(withWeeks("2"), WEDNESDAY), "weeks",
                "weeks is not accepted here; use days, or from and to");
        assertRejected(() -> weeks.rangeFor(withDays("2"), WEDNESDAY), "days",
                "days is not accepted here; use weeks, or from and to");
    }

    private static void assertRejected(Runnable call, String parameter, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RejectedParameter.class, e -> {
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    static ReportRequest withDays(String days) {
        return new ReportRequest(Optional.empty(), Optional.of(days), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static ReportRequest withWeeks(String weeks) {
        return new ReportRequest(Optional.empty(), Optional.empty(), Optional.of(weeks), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static ReportRequest between(String from, String to) {
        return new ReportRequest(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(from), Optional.of(to),
                Optional.empty());
    }

    private static ReportRange range(String from, String to) {
        return new ReportRange(LocalDate.parse(from), LocalDate.parse(to));
    }
}
