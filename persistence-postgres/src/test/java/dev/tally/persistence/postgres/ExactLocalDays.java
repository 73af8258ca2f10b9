package dev.tally.persistence.postgres;

import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ReportRange;
import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.TimezoneSource;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.report.UsageScope;
import dev.tally.domain.report.ViewingTimezone;
import dev.tally.domain.report.WeeklyUsage;
import dev.tally.testing.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Daily and weekly reports of one workspace, as the adapter answers them and as an independent
 * oracle computes them from the raw rows: token sums and event counts grouped by
 * {@code (created_at AT TIME ZONE tz)::date} (or its ISO week), over the raw tables joined to the
 * agent's workspace, in plain SQL that uses none of the rollup's functions. Each row is rendered
 * as one line, so a difference names the date, provider and model.
 */
final class ExactLocalDays {

    private static final String ORACLE = """
            SELECT %s AS day, lower(tu.provider), tu.model,
                   sum(tu.input_tokens), sum(tu.output_tokens), sum(tu.cache_read_tokens), sum(tu.cache_write_tokens),
                   count(*)
            FROM task_usage tu
            JOIN agent_task_queue t ON t.id = tu.task_id
            JOIN agent a ON a.id = t.agent_id
            WHERE a.workspace_id = ? AND tu.created_at >= ? AND tu.created_at < ?
            GROUP BY 1, 2, 3
            ORDER BY 1, 2, 3
            """;
    private static final String LOCAL_DATE = "(tu.created_at AT TIME ZONE ?)::date";
    private static final String LOCAL_WEEK = "date_trunc('week', tu.created_at AT TIME ZONE ?)::date";

    private final TestDatabase db;
    private final UsageReportReader reader;

    ExactLocalDays(TestDatabase db, UsageReportReader reader) {
        this.db = db;
        this.reader = reader;
    }

    /** The window of local dates {@code from} to {@code to} in {@code zone}, as a request makes it. */
    static ReportWindow window(ZoneId zone, LocalDate from, LocalDate to) {
        return new ReportWindow(new ViewingTimezone(zone, TimezoneSource.REQUEST), new ReportRange(from, to));
    }

    List<String> dailyReport(UUID workspace, ReportWindow window) {
        return reader.daily(new UsageScope.Workspace(workspace, Optional.empty()), window).rows().stream()
                .map(ExactLocalDays::line).toList();
    }

    List<String> weeklyReport(UUID workspace, ReportWindow window) {
        return reader.weekly(new UsageScope.Workspace(workspace, Optional.empty()), window).rows().stream()
                .map(ExactLocalDays::line).toList();
    }

    List<String> dailyOracle(UUID workspace, ReportWindow window) {
        return oracle(LOCAL_DATE, workspace, window);
    }

    List<String> weeklyOracle(UUID workspace, ReportWindow window) {
        return oracle(LOCAL_WEEK, workspace, window);
    }

    private List<String> oracle(String localDay, UUID workspace, ReportWindow window) {
        return db.sql().query(String.format(ORACLE, localDay),
                row -> line(row.getObject(1, LocalDate.class), row.getString(2), row.getString(3), row.getLong(4),
                        row.getLong(5), row.getLong(6), row.getLong(7), row.getLong(8)),
                window.zone().getId(), workspace, utc(window.start()), utc(window.end()));
    }

    private static String line(DailyUsage row) {
        return line(row.date(), row.provider(), row.model(), row.totals());
    }

    private static String line(WeeklyUsage row) {
        return line(row.weekStart(), row.provider(), row.model(), row.totals());
    }

    private static String line(LocalDate day, String provider, String model, UsageTotals totals) {
        return line(day, provider, model, totals.inputTokens(), totals.outputTokens(), totals.cacheReadTokens(),
                totals.cacheWriteTokens(), totals.eventCount());
    }

    /** One report row as a line: date, provider, model, the four token sums, the event count. */
    static String line(LocalDate day, String provider, String model, long input, long output, long cacheRead,
                       long cacheWrite, long events) {
        return Stream.of(day, provider, model, input, output, cacheRead, cacheWrite, events + " events")
                .map(String::valueOf).collect(Collectors.joining(" "));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
