package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.AgentUsage;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ProjectUsage;
import dev.tally.domain.report.ReportWindow;
import dev.tally.domain.report.RuntimeUsage;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.report.UsageScope;
import dev.tally.domain.report.UsageSnapshot;
import dev.tally.domain.report.WeeklyUsage;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads reports in one read-only REPEATABLE READ transaction each (on the primary or a standby, as
 * {@code transactions} decides), so the watermark it states and the rows it returns come from the
 * same snapshot. Timezone names come from the primary.
 */
public final class ReportUsageReader implements UsageReportReader {

    private final MyBatisSessions sessions;
    private final ReportTransactions transactions;

    public ReportUsageReader(MyBatisSessions sessions, ReportTransactions transactions) {
        this.sessions = sessions;
        this.transactions = transactions;
    }

    @Override
    public Set<String> timezoneNames() {
        return Set.copyOf(sessions.inTransaction(session -> session.getMapper(ReportMapper.class).timezoneNames()));
    }

    @Override
    public UsageSnapshot<DailyUsage> daily(UsageScope scope, ReportWindow window) {
        return read(scope, window, ReportMapper::daily, ReportDatedRow::toDaily);
    }

    @Override
    public UsageSnapshot<WeeklyUsage> weekly(UsageScope scope, ReportWindow window) {
        return read(scope, window, ReportMapper::weekly, ReportDatedRow::toWeekly);
    }

    @Override
    public UsageSnapshot<AgentUsage> byAgent(UsageScope scope, ReportWindow window) {
        return read(scope, window, ReportMapper::byAgent, ReportSubjectRow::toAgentUsage);
    }

    @Override
    public UsageSnapshot<ProjectUsage> byProject(UsageScope scope, ReportWindow window) {
        return read(scope, window, ReportMapper::byProject, ReportSubjectRow::toProjectUsage);
    }

    @Override
    public UsageSnapshot<RuntimeUsage> byRuntime(UsageScope scope, ReportWindow window) {
        return read(scope, window, ReportMapper::byRuntime, ReportSubjectRow::toRuntimeUsage);
    }

    private <T, R> UsageSnapshot<R> read(UsageScope scope, ReportWindow window,
                                         BiFunction<ReportMapper, ReportQuery, List<T>> query, Function<T, R> toRow) {
        ReportQuery parameters = ReportQuery.of(scope, window);
        return transactions.read(mapper -> query.apply(mapper, parameters).stream().map(toRow).toList());
    }
}
