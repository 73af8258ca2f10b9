package dev.tally.report.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.report.AgentUsage;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ProjectUsage;
import dev.tally.domain.report.ReadSource;
import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.RuntimeUsage;
import dev.tally.domain.report.UsageCost;
import dev.tally.domain.report.UsageReport;
import dev.tally.domain.report.UsageRow;
import dev.tally.domain.report.WeeklyUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * A report's JSON: what it covers (scope, timezone and where it came from, local dates, how days
 * map onto UTC hours), how fresh it is and which server it was read on, and its rows. Field names
 * are snake_case; dates are {@code YYYY-MM-DD}, instants ISO-8601 UTC, amounts of USD decimal
 * strings with exactly ten decimal places (exact: JSON numbers are read as binary floating point
 * by most clients).
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
        ReportTotals totals,
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
    static final RowShape<RuntimeUsage, RuntimeRow> BY_RUNTIME = new RowShape<>(RuntimeRow.class, RuntimeRow::of);

    static <R extends UsageRow> ReportJson of(Scope scope, UsageReport<R> report, List<?> rows) {
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
                ReportTotals.of(report.rows()),
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

    /** USD amounts as JSON writes them: plain decimal strings with exactly ten decimal places, never an exponent. */
    static String usd(BigDecimal amount) {
        return amount.setScale(UsageCost.SCALE, RoundingMode.UNNECESSARY).toPlainString();
    }

    /**
     * What the usage cost: reported plus estimated, what providers reported, what the catalog
     * estimates for the rest, and the tokens no price covered (left out of the cost, never $0).
     */
    record Cost(String costUsd, String reportedCostUsd, String estimatedCostUsd, long unpricedTokens) {

        static Cost of(UsageCost cost) {
            return new Cost(usd(cost.costUsd()), usd(cost.reportedUsd()), usd(cost.estimatedUsd()),
                    cost.unpricedTokens());
        }
    }

    /** The report's rows summed: its tokens, counts and cost over the whole scope and range. */
    record ReportTotals(@JsonUnwrapped Totals totals, @JsonUnwrapped Cost cost) {

        static ReportTotals of(List<? extends UsageRow> rows) {
            Totals totals = Totals.NONE;
            UsageCost cost = UsageCost.NONE;
            for (UsageRow row : rows) {
                totals = totals.plus(Totals.of(row.totals()));
                cost = cost.plus(row.cost());
            }
            return new ReportTotals(totals, Cost.of(cost));
        }
    }

    /** The four token sums, the hourly task counts summed, and the raw usage rows summed. */
    record Totals(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, long taskCount,
                  long eventCount) {

        static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0);

        static Totals of(UsageTotals totals) {
            return new Totals(totals.inputTokens(), totals.outputTokens(), totals.cacheReadTokens(),
                    totals.cacheWriteTokens(), totals.taskCount(), totals.eventCount());
        }

        Totals plus(Totals other) {
            return new Totals(Math.addExact(inputTokens, other.inputTokens),
                    Math.addExact(outputTokens, other.outputTokens), Math.addExact(cacheReadTokens, other.cacheReadTokens),
                    Math.addExact(cacheWriteTokens, other.cacheWriteTokens), Math.addExact(taskCount, other.taskCount),
                    Math.addExact(eventCount, other.eventCount));
        }
    }

    record DailyRow(String date, String provider, String model, @JsonUnwrapped Totals totals,
                    @JsonUnwrapped Cost cost) {

        static DailyRow of(DailyUsage row) {
            return new DailyRow(row.date().toString(), row.provider(), row.model(), Totals.of(row.totals()),
                    Cost.of(row.cost()));
        }
    }

    record WeeklyRow(String weekStart, String provider, String model, @JsonUnwrapped Totals totals,
                     @JsonUnwrapped Cost cost) {

        static WeeklyRow of(WeeklyUsage row) {
            return new WeeklyRow(row.weekStart().toString(), row.provider(), row.model(), Totals.of(row.totals()),
                    Cost.of(row.cost()));
        }
    }

    record AgentRow(String agentId, String agentName, String provider, String model, @JsonUnwrapped Totals totals,
                    @JsonUnwrapped Cost cost) {

        static AgentRow of(AgentUsage row) {
            return new AgentRow(row.agentId().toString(), row.agentName().orElse(null), row.provider(), row.model(),
                    Totals.of(row.totals()), Cost.of(row.cost()));
        }
    }

    record ProjectRow(String projectId, String projectTitle, String provider, String model,
                      @JsonUnwrapped Totals totals, @JsonUnwrapped Cost cost) {

        static ProjectRow of(ProjectUsage row) {
            return new ProjectRow(row.projectId().map(UUID::toString).orElse(null), row.projectTitle().orElse(null),
                    row.provider(), row.model(), Totals.of(row.totals()), Cost.of(row.cost()));
        }
    }

    record RuntimeRow(String runtimeId, String runtimeName, String provider, String model,
                      @JsonUnwrapped Totals totals, @JsonUnwrapped Cost cost) {

        static RuntimeRow of(RuntimeUsage row) {
            return new RuntimeRow(row.runtimeId().toString(), row.runtimeName().orElse(null), row.provider(),
                    row.model(), Totals.of(row.totals()), Cost.of(row.cost()));
        }
    }
}
