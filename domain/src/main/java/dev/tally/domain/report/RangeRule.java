package dev.tally.domain.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one range rule of every report: either a count of local periods ending with today's
 * ({@code days=N}: the N local days ending today, today included; {@code weeks=N}: the N local
 * weeks, Monday to Sunday, ending with this week, up to today), or explicit local dates
 * {@code from} and {@code to} (both included, at most {@value #MAX_DAYS} days). Without either,
 * the endpoint's default count. Anything malformed or out of range is rejected, never defaulted.
 */
public final class RangeRule {

    public static final int MAX_DAYS = 366;
    public static final int MAX_WEEKS = 104;
    public static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);
    public static final LocalDate LATEST = LocalDate.of(9999, 12, 30);

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,9}");
    private static final Pattern ISO_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private final Unit unit;
    private final int defaultCount;

    private enum Unit {
        DAYS("days", MAX_DAYS),
        WEEKS("weeks", MAX_WEEKS);

        final String parameter;
        final int max;

        Unit(String parameter, int max) {
            this.parameter = parameter;
            this.max = max;
        }
    }

    private RangeRule(Unit unit, int defaultCount) {
        if (defaultCount < 1 || defaultCount > unit.max) {
            throw new IllegalArgumentException("default " + unit.parameter + " must be 1.." + unit.max + ": " + defaultCount);
        }
        this.unit = unit;
        this.defaultCount = defaultCount;
    }

    /** Counts in days ({@code days=N}), {@code defaultDays} when no range is given. */
    public static RangeRule days(int defaultDays) {
        return new RangeRule(Unit.DAYS, defaultDays);
    }

    /** Counts in Monday-start weeks ({@code weeks=N}), {@code defaultWeeks} when no range is given. */
    public static RangeRule weeks(int defaultWeeks) {
        return new RangeRule(Unit.WEEKS, defaultWeeks);
    }

    /**
     * The range {@code request} asks for, given the viewer's local {@code today}.
     *
     * @throws RejectedParameter naming the parameter that is malformed, out of range or misplaced
     */
    public ReportRange rangeFor(ReportRequest request, LocalDate today) {
        Optional<String> count = unit == Unit.DAYS ? request.days() : request.weeks();
        Optional<String> otherCount = unit == Unit.DAYS ? request.weeks() : request.days();
        if (otherCount.isPresent()) {
            String other = unit == Unit.DAYS ? "weeks" : "days";
            throw new RejectedParameter(other, other + " is not accepted here; use " + unit.parameter + ", or from and to");
        }
        if (request.from().isPresent() || request.to().isPresent()) {
            if (count.isPresent()) {
                throw new RejectedParameter(unit.parameter,
                        unit.parameter + " cannot be combined with from and to; give one or the other");
            }
            return between(request.from(), request.to());
        }
        int n = count.map(this::parseCount).orElse(defaultCount);
        LocalDate firstDay = unit == Unit.DAYS
                ? today.minusDays(n - 1L)
                : today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(n - 1L);
        return new ReportRange(firstDay, today);
    }

    private int parseCount(String value) {
        if (WHOLE_NUMBER.matcher(value).matches()) {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= unit.max) {
                return n;
            }
        }
        throw new RejectedParameter(unit.parameter,
                unit.parameter + " must be a whole number from 1 to " + unit.max + " (got '" + value + "')");
    }

    private static ReportRange between(Optional<String> fromValue, Optional<String> toValue) {
        if (fromValue.isEmpty() || toValue.isEmpty()) {
            String missing = fromValue.isEmpty() ? "from" : "to";
            throw new RejectedParameter(missing, "from and to go together: " + missing + " is missing");
        }
        LocalDate from = parseDate("from", fromValue.get());
        LocalDate to = parseDate("to", toValue.get());
        if (to.isBefore(from)) {
            throw new RejectedParameter("to", "to (" + to + ") must not be before from (" + from + ")");
        }
        ReportRange range = new ReportRange(from, to);
        if (range.days() > MAX_DAYS) {
            throw new RejectedParameter("to", "from and to may span at most " + MAX_DAYS + " days (got " + range.days() + ")");
        }
        return range;
    }

    private static LocalDate parseDate(String parameter, String value) {
        if (ISO_DATE.matcher(value).matches()) {
            try {
                LocalDate date = LocalDate.parse(value);
                if (!date.isBefore(EARLIEST) && !date.isAfter(LATEST)) {
                    return date;
                }
            } catch (DateTimeParseException e) {
                // Falls through to the rejection, which says what is accepted.
            }
        }
        throw new RejectedParameter(parameter, parameter + " must be a date written YYYY-MM-DD, from "
                + EARLIEST + " to " + LATEST + " (got '" + value + "')");
    }
}
