package dev.tally.domain.report;

import java.util.Set;

/**
 * Reads reports from the hourly rollup. Each call is one consistent read that sums the hour
 * buckets from {@code window.start()} to {@code window.end()}, grouped by the local date (or week)
 * each bucket starts on in the window's timezone, with providers lower-cased. Hours holding usage
 * the rollup has not caught up with (changed at or after its watermark, or queued for recompute)
 * are summed from the raw tables instead of the rollup, replacing those hours, never adding to
 * them: each raw row counts exactly once.
 *
 * <p>{@code taskCount} is the sum of the hourly distinct-task counts, as in the rollup: a task
 * with usage in several hours counts once per hour.
 */
public interface UsageReportReader {

    /** The timezone names the store can slice by. */
    Set<String> timezoneNames();

    /** One row per local date, provider and model, by date, provider, model. */
    UsageSnapshot<DailyUsage> daily(UsageScope scope, ReportWindow window);

    /** One row per local Monday-start week, provider and model, by week, provider, model. */
    UsageSnapshot<WeeklyUsage> weekly(UsageScope scope, ReportWindow window);

    /** One row per agent, provider and model over the whole window, by agent, provider, model. */
    UsageSnapshot<AgentUsage> byAgent(UsageScope scope, ReportWindow window);

    /** One row per project (none first), provider and model over the whole window. */
    UsageSnapshot<ProjectUsage> byProject(UsageScope scope, ReportWindow window);

    /** One row per runtime, provider and model over the whole window, by runtime, provider, model. */
    UsageSnapshot<RuntimeUsage> byRuntime(UsageScope scope, ReportWindow window);
}
