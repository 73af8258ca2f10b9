package dev.tally.report.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.report.AgentUsage;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ProjectUsage;
import dev.tally.domain.report.ReadSource;
import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.UsageReport;
import dev.tally.domain.report.WeeklyUsage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A report's JSON: what it covers (scope, timezone and where it came from, local dates, how days
 * map onto UTC hours), how fresh it is and which server it was read on, and its rows. Field names
 * are snake_case; dates are {@code YYYY-MM-DD}, instants ISO-8601 UTC.
 */
record ReportJson(
        @JsonInclude(JsonInclude.Include.NON_NULL) String workspaceId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String runtimeId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String projectId,
        String timezone,
        String timezoneSource,
        String from,
        String to,
        String dayEdges,
        String rolledUpThrough,
        String generatedAt,
        String servedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double replicaLagSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) String fallbackReason,
        List<?> rows) {

    /** The scope a report was asked for: a workspace (optionally one project) or a runtime. */
    record Scope(UUID workspaceId, Optional<UUID> projectId, UUID runtimeId) {

        static Scope workspace(UUID workspaceId, Optional<UUID> projectId) {
            return new Scope(workspaceId, projectId, null);
        }

        static Scope runtime(UUID runtimeId) {
            return new Scope(null, Optional.empty(), runtimeId);
        }
    }

    /** A report's row type in JSON (and CSV), and how a domain row becomes one. */
    record RowShape<R, J>(Class<J> type, Function<R, J> of) {
    }

    static final RowShape<DailyUsage, DailyRow> DAILY = new RowShape<>(DailyRow.class, DailyRow::of);
    static final RowShape<WeeklyUsage, WeeklyRow> WEEKLY = new RowShape<>(WeeklyRow.class, WeeklyRow::of);
    static final RowShape<AgentUsage, AgentRow> BY_AGENT = new RowShape<>(AgentRow.class, AgentRow::of);
    static final RowShape<ProjectUsage, ProjectRow> BY_PROJECT = new RowShape<>(ProjectRow.class, ProjectRow::of);

    static ReportJson of(Scope scope, UsageReport<?> report, List<?> rows) {
        ReportWindow window = report.window();
        return new ReportJson(
                text(scope.workspaceId()),
                text(scope.runtimeId()),
                scope.projectId().map(UUID::toString).orElse(null),
                window.timezone().name(),
                lowerCase(window.timezone().source()),
                window.range().from().toString(),
                window.range().to().toString(),
                lowerCase(window.dayEdges()),
                report.rolledUpThrough().toString(),
                report.generatedAt().toString(),
                servedBy(report.source()),
                report.source() instanceof ReadSource.Standby standby ? standby.lag().toMillis() / 1000.0 : null,
                fallbackReason(report.source()).orElse(null),
                rows);
    }

    /** {@code standby} or {@code primary}: the {@code served_by} field, and the source label of the reads metric. */
    static String servedBy(ReadSource source) {
        return source instanceof ReadSource.Standby ? "standby" : "primary";
    }

    /** Why standbys did not serve a report they could have, as {@code fallback_reason} and the metric label say it. */
    static Optional<String> fallbackReason(ReadSource source) {
        return source instanceof ReadSource.Primary primary ? primary.fallback().map(ReportJson::lowerCase)
                : Optional.empty();
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }

    static String lowerCase(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The four token sums, the hourly task counts summed, and the raw usage rows summed. */
    record Totals(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, long taskCount,
                  long eventCount) {

        static Totals of(UsageTotals totals) {
            return new Totals(totals.inputTokens(), totals.outputTokens(), totals.cacheReadTokens(),
                    totals.cacheWriteTokens(), totals.taskCount(), totals.eventCount());
        }
    }

    record DailyRow(String date, String provider, String model, @JsonUnwrapped Totals totals) {

        static DailyRow of(DailyUsage row) {
            return new DailyRow(row.date().toString(), row.provider(), row.model(), Totals.of(row.totals()));
        }
    }

    record WeeklyRow(String weekStart, String provider, String model, @JsonUnwrapped Totals totals) {

        static WeeklyRow of(WeeklyUsage row) {
            return new WeeklyRow(row.weekStart().toString(), row.provider(), row.model(), Totals.of(row.totals()));
        }
    }

    record AgentRow(String agentId, String agentName, String provider, String model, @JsonUnwrapped Totals totals) {

        static AgentRow of(AgentUsage row) {
            return new AgentRow(row.agentId().toString(), row.agentName().orElse(null), row.provider(), row.model(),
                    Totals.of(row.totals()));
        }
    }

    record ProjectRow(String projectId, String projectTitle, String provider, String model, @JsonUnwrapped Totals totals) {

        static ProjectRow of(ProjectUsage row) {
            return new ProjectRow(row.projectId().map(UUID::toString).orElse(null), row.projectTitle().orElse(null),
                    row.provider(), row.model(), Totals.of(row.totals()));
        }
    }
}
