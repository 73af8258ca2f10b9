package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14's named days: each day runs from its local midnight to the next, however long it is and
 * wherever in the hour its midnights fall. Usage a second before a midnight, on it, and a second
 * before the next one lands on the right dates, fresh and rolled up alike, and agrees with the raw
 * oracle ({@link ExactLocalDays}).
 */
class ExactLocalDaysIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String PROVIDER = "anthropic";
    private static final String MODEL = "claude-sonnet";

    private final UsageReportReader reader =
            TallyPostgres.create(db.dataSource()).usageReportReader(Duration.ofSeconds(30));
    private final ExactLocalDays reports = new ExactLocalDays(db, reader);
    private PostgresUsagePlatform platform;
    private UUID workspace;
    private UUID runtime;
    private UUID agent;

    @BeforeEach
    void aWorkspaceWithOneAgent() {
        db.reset();
        platform = new PostgresUsagePlatform(db.dataSource(), () -> Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource())));
        workspace = platform.aWorkspace();
        runtime = platform.aRuntimeIn(workspace);
        agent = platform.anAgentIn(workspace, runtime);
    }

    @Test
    void lordHowesDayOfSpringingForwardHalfAnHourLasts23AndAHalfHours() {
        assertTheDayRunsFromMidnightToMidnight("Australia/Lord_Howe", LocalDate.parse("2024-10-06"), Duration.ofMinutes(23 * 60 + 30));
    }

    @Test
    void lordHowesDayOfFallingBackHalfAnHourLasts24AndAHalfHours() {
        assertTheDayRunsFromMidnightToMidnight("Australia/Lord_Howe", LocalDate.parse("2024-04-07"), Duration.ofMinutes(24 * 60 + 30));
    }

    @Test
    void chathamsDstDaysAt1245And1345() {
        assertTheDayRunsFromMidnightToMidnight("Pacific/Chatham", LocalDate.parse("2024-09-29"), Duration.ofHours(23));
        assertTheDayRunsFromMidnightToMidnight("Pacific/Chatham", LocalDate.parse("2024-04-07"), Duration.ofHours(25));
    }

    @Test
    void aKathmanduDayStartsAtAQuarterPastTheUtcHour() {
        assertTheDayRunsFromMidnightToMidnight("Asia/Kathmandu", LocalDate.parse("2024-06-15"), Duration.ofHours(24));
    }

    @Test
    void aStJohnsDstDayAtMinus0330() {
        assertTheDayRunsFromMidnightToMidnight("America/St_Johns", LocalDate.parse("2024-03-10"), Duration.ofHours(23));
    }

    @Test
    void aCaracasDayIn2010AtMinus0430() {
        assertTheDayRunsFromMidnightToMidnight("America/Caracas", LocalDate.parse("2010-06-15"), Duration.ofHours(24));
    }

    /**
     * Until 2011 St_Johns changed its clocks at 00:01 local, off the quarter hour: on 2006-10-29 the
     * first minute after midnight (02:30-02:31 UTC) is the 29th, then the clocks go back to 23:01 and
     * the repeated hour is the 28th again until midnight comes round a second time (03:30 UTC).
     */
    @Test
    void aStJohnsDayWhoseClocksWentBackAtOneMinutePastMidnight() {
        ZoneId stJohns = ZoneId.of("America/St_Johns");
        LocalDate day = LocalDate.parse("2006-10-29");
        aTaskWithUsageAt(Instant.parse("2006-10-29T02:29:59Z"), 1);
        aTaskWithUsageAt(Instant.parse("2006-10-29T02:30:30Z"), 10);
        aTaskWithUsageAt(Instant.parse("2006-10-29T02:31:00Z"), 100);
        aTaskWithUsageAt(Instant.parse("2006-10-29T02:44:59Z"), 1_000);
        aTaskWithUsageAt(Instant.parse("2006-10-29T03:30:00Z"), 10_000);
        ReportWindow window = ExactLocalDays.window(stJohns, day.minusDays(1), day);
        List<String> expected = List.of(usageOn(day.minusDays(1), 1_101, 3), usageOn(day, 10_010, 2));

        for (String when : List.of("fresh", "rolled up")) {
            assertThat(reports.dailyReport(workspace, window)).as(when)
                    .isEqualTo(expected)
                    .isEqualTo(reports.dailyOracle(workspace, window));
            platform.tickUntilCaughtUp();
        }
    }

    @Test
    void aCorrectionLandingInASplitHourAfterItWasRolledUpIsFreshToTheRequest() {
        ZoneId kolkata = ZoneId.of("Asia/Kolkata");
        LocalDate day = LocalDate.parse("2026-03-10");
        Instant midnight = day.plusDays(1).atStartOfDay(kolkata).toInstant();
        assertThat(midnight).isEqualTo(Instant.parse("2026-03-10T18:30:00Z"));
        UUID corrected = aTaskWithUsageAt(midnight.minusSeconds(10 * 60), 100);
        aTaskWithUsageAt(midnight.plusSeconds(10 * 60), 7);
        platform.tickUntilCaughtUp();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_quarter WHERE bucket_hour = ?",
                ExactLocalDays.utc(Instant.parse("2026-03-10T18:00:00Z")))).as("the split hour's quarters").isEqualTo(2);

        platform.reportUsage(corrected, PROVIDER, MODEL, midnight.minusSeconds(10 * 60), Tokens.of(250, 1));
        assertThat(db.sql().single("SELECT sum(input_tokens)::bigint FROM task_usage_hourly_quarter WHERE bucket_hour = ?",
                Long.class, ExactLocalDays.utc(Instant.parse("2026-03-10T18:00:00Z"))))
                .as("the rollup still holds the value before the correction").isEqualTo(107);

        ReportWindow window = ExactLocalDays.window(kolkata, day, day.plusDays(1));
        List<String> expected = List.of(usageOn(day, 250, 1), usageOn(day.plusDays(1), 7, 1));
        assertThat(reports.dailyReport(workspace, window)).as("fresh").isEqualTo(expected)
                .isEqualTo(reports.dailyOracle(workspace, window));
        platform.tickUntilCaughtUp();
        assertThat(reports.dailyReport(workspace, window)).as("rolled up").isEqualTo(expected)
                .isEqualTo(reports.dailyOracle(workspace, window));
    }

    /**
     * The day lasts {@code length}; usage a second before its start counts for the day before, at
     * its start and a second before its end for the day, at its end for the day after. Checked
     * fresh (before a tick) and rolled up, daily and weekly, against the raw oracle too.
     */
    private void assertTheDayRunsFromMidnightToMidnight(String zoneName, LocalDate day, Duration length) {
        db.reset();
        aWorkspaceWithOneAgent();
        ZoneId zone = ZoneId.of(zoneName);
        ReportWindow theDay = ExactLocalDays.window(zone, day, day);
        assertThat(Duration.between(theDay.start(), theDay.end())).as("%s on %s", zoneName, day).isEqualTo(length);
        aTaskWithUsageAt(theDay.start().minusSeconds(1), 1);
        aTaskWithUsageAt(theDay.start(), 10);
        aTaskWithUsageAt(theDay.end().minusSeconds(1), 100);
        aTaskWithUsageAt(theDay.end(), 1_000);
        ReportWindow around = ExactLocalDays.window(zone, day.minusDays(1), day.plusDays(1));
        List<String> expected = List.of(usageOn(day.minusDays(1), 1, 1), usageOn(day, 110, 2),
                usageOn(day.plusDays(1), 1_000, 1));

        for (String when : List.of("fresh", "rolled up")) {
            assertThat(reports.dailyReport(workspace, around)).as("%s on %s, %s", zoneName, day, when)
                    .isEqualTo(expected)
                    .isEqualTo(reports.dailyOracle(workspace, around));
            assertThat(reports.weeklyReport(workspace, around)).as("%s, the week of %s, %s", zoneName, day, when)
                    .isEqualTo(reports.weeklyOracle(workspace, around));
            platform.tickUntilCaughtUp();
        }
    }

    private UUID aTaskWithUsageAt(Instant createdAt, long inputTokens) {
        UUID task = platform.aTask(agent, runtime, null);
        platform.reportUsage(task, PROVIDER, MODEL, createdAt, Tokens.of(inputTokens, 1));
        return task;
    }

    private static String usageOn(LocalDate day, long inputTokens, long events) {
        return ExactLocalDays.line(day, PROVIDER, MODEL, inputTokens, events, 0, 0, events);
    }
}
