package dev.tally.report.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.tally.domain.report.access.CreateAccessToken;
import dev.tally.domain.report.access.ListAccessTokens;
import dev.tally.domain.report.access.RevokeAccessToken;
import dev.tally.migrations.Migrations;
import dev.tally.report.ReportSettings;
import dev.tally.report.http.ReportServer;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** report-app, assembled from its settings, a clock and the pool main opened. */
@Singleton
@Component(modules = {DatabaseModule.class, ReportModule.class, HttpModule.class})
public interface ReportComponent {

    Migrations migrations();

    ReportServer server();

    CreateAccessToken createAccessToken();

    ListAccessTokens listAccessTokens();

    RevokeAccessToken revokeAccessToken();

    @Component.Builder
    interface Builder {

        @BindsInstance
        Builder settings(ReportSettings settings);

        /** What "today" is for reports; the system clock outside tests. */
        @BindsInstance
        Builder clock(Clock clock);

        @BindsInstance
        Builder dataSource(DataSource dataSource);

        ReportComponent build();
    }
}
