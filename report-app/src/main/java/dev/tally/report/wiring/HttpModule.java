package dev.tally.report.wiring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dagger.Module;
import dagger.Provides;
import dev.tally.domain.report.AgentUsage;
import dev.tally.domain.report.ChangeTimezone;
import dev.tally.domain.report.DailyUsage;
import dev.tally.domain.report.ProjectUsage;
import dev.tally.domain.report.RuntimeReport;
import dev.tally.domain.report.RuntimeUsage;
import dev.tally.domain.report.ShowProfile;
import dev.tally.domain.report.WeeklyUsage;
import dev.tally.domain.report.WorkspaceReport;
import dev.tally.domain.report.access.AuthenticateCaller;
import dev.tally.report.ReportSettings;
import dev.tally.report.http.HealthCheck;
import dev.tally.report.http.ReportApi;
import dev.tally.report.http.ReportServer;
import dev.tally.report.http.RequestMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** The HTTP server, its JSON and its metrics. */
@Module
interface HttpModule {

    /** snake_case field names, as the API documents them. */
    @Provides
    @Singleton
    static ObjectMapper objectMapper() {
        return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    @Provides
    @Singleton
    static PrometheusMeterRegistry meterRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    @Provides
    static ReportApi.Reports reports(WorkspaceReport<DailyUsage> daily, WorkspaceReport<WeeklyUsage> weekly,
                                     WorkspaceReport<AgentUsage> byAgent, WorkspaceReport<ProjectUsage> byProject,
                                     WorkspaceReport<RuntimeUsage> byRuntime, RuntimeReport runtime) {
        return new ReportApi.Reports(daily, weekly, byAgent, byProject, byRuntime, runtime);
    }

    @Provides
    @Singleton
    static RequestMetrics requestMetrics(PrometheusMeterRegistry registry) {
        return new RequestMetrics(registry);
    }

    @Provides
    static ReportApi reportApi(AuthenticateCaller authenticate, ReportApi.Reports reports, ShowProfile showProfile,
                               ChangeTimezone changeTimezone, ObjectMapper json, RequestMetrics metrics) {
        return new ReportApi(authenticate, reports, showProfile, changeTimezone, json, metrics);
    }

    @Provides
    @Singleton
    static ReportServer reportServer(ReportApi api, DataSource dataSource, RequestMetrics metrics, ObjectMapper json,
                                     ReportSettings settings) {
        return new ReportServer(api, new HealthCheck(dataSource), metrics, json, settings.httpHost(),
                settings.httpPort());
    }
}
