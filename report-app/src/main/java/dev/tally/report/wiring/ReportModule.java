package dev.tally.report.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.price.ImportPrices;
import dev.tally.domain.price.PriceCatalog;
import dev.tally.domain.report.AgentUsage;
import dev.tally.domain.report.ChangeTimezone;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ProjectUsage;
import dev.tally.domain.report.ReportPlanner;
import dev.tally.domain.report.RuntimeReport;
import dev.tally.domain.report.RuntimeUsage;
import dev.tally.domain.report.ShowProfile;
import dev.tally.domain.report.TimezoneRules;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.report.UserPreferences;
import dev.tally.domain.report.WeeklyUsage;
import dev.tally.domain.report.WorkspaceMemberships;
import dev.tally.domain.report.WorkspaceReport;
import dev.tally.domain.report.access.AccessTokens;
import dev.tally.domain.report.access.AuthenticateCaller;
import dev.tally.domain.report.access.CreateAccessToken;
import dev.tally.domain.report.access.ListAccessTokens;
import dev.tally.domain.report.access.RevokeAccessToken;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** The domain's report and token use cases, built here because the domain carries no injection annotations. */
@Module
interface ReportModule {

    /** One per process: it asks the database for its timezone names once, on the first lookup. */
    @Provides
    @Singleton
    static TimezoneRules timezoneRules(UsageReportReader reader) {
        return new TimezoneRules(reader::timezoneNames);
    }

    @Provides
    static ReportPlanner reportPlanner(TimezoneRules timezones, UserPreferences preferences, Clock clock) {
        return new ReportPlanner(timezones, preferences, clock);
    }

    @Provides
    static WorkspaceReport<DailyUsage> daily(WorkspaceMemberships memberships, ReportPlanner planner,
                                             UsageReportReader reader) {
        return WorkspaceReport.daily(memberships, planner, reader);
    }

    @Provides
    static WorkspaceReport<WeeklyUsage> weekly(WorkspaceMemberships memberships, ReportPlanner planner,
                                               UsageReportReader reader) {
        return WorkspaceReport.weekly(memberships, planner, reader);
    }

    @Provides
    static WorkspaceReport<AgentUsage> byAgent(WorkspaceMemberships memberships, ReportPlanner planner,
                                               UsageReportReader reader) {
        return WorkspaceReport.byAgent(memberships, planner, reader);
    }

    @Provides
    static WorkspaceReport<ProjectUsage> byProject(WorkspaceMemberships memberships, ReportPlanner planner,
                                                   UsageReportReader reader) {
        return WorkspaceReport.byProject(memberships, planner, reader);
    }

    @Provides
    static WorkspaceReport<RuntimeUsage> byRuntime(WorkspaceMemberships memberships, ReportPlanner planner,
                                                   UsageReportReader reader) {
        return WorkspaceReport.byRuntime(memberships, planner, reader);
    }

    @Provides
    static RuntimeReport runtimeReport(WorkspaceMemberships memberships, ReportPlanner planner, UsageReportReader reader) {
        return new RuntimeReport(memberships, planner, reader);
    }

    @Provides
    static ShowProfile showProfile(UserPreferences preferences, TimezoneRules timezones) {
        return new ShowProfile(preferences, timezones);
    }

    @Provides
    static ChangeTimezone changeTimezone(UserPreferences preferences, TimezoneRules timezones, ShowProfile showProfile) {
        return new ChangeTimezone(preferences, timezones, showProfile);
    }

    @Provides
    static AuthenticateCaller authenticateCaller(AccessTokens tokens) {
        return new AuthenticateCaller(tokens);
    }

    @Provides
    static CreateAccessToken createAccessToken(AccessTokens tokens) {
        return new CreateAccessToken(tokens, new SecureRandom());
    }

    @Provides
    static ListAccessTokens listAccessTokens(AccessTokens tokens) {
        return new ListAccessTokens(tokens);
    }

    @Provides
    static RevokeAccessToken revokeAccessToken(AccessTokens tokens) {
        return new RevokeAccessToken(tokens);
    }

    @Provides
    static ImportPrices importPrices(PriceCatalog catalog) {
        return new ImportPrices(catalog);
    }
}
