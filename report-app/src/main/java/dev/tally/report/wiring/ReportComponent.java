package dev.tally.report.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.tally.domain.price.ImportPrices;
import dev.tally.domain.price.PriceCatalog;
import dev.tally.domain.report.access.CreateAccessToken;
import dev.tally.domain.report.access.ListAccessTokens;
import dev.tally.domain.report.access.RevokeAccessToken;
import dev.tally.migrations.Migrations;
import dev.tally.report.ReportSettings;
import dev.tally.report.Standbys;
import dev.tally.report.http.ReportServer;
import jakarta.inject.Singleton;
import java.time.Clock;
import javax.sql.DataSource;

/** report-app, assembled from its settings, a clock and the pools main opened. */
@Singleton
@Component(modules = {DatabaseModule.class, ReportModule.class, HttpModule.class})
public interface ReportComponent {

    Migrations migrations();

    ReportServer server();

    CreateAccessToken createAccessToken();

    ListAccessTokens listAccessTokens();

    RevokeAccessToken revokeAccessToken();

    ImportPrices importPrices();

    PriceCatalog priceCatalog();

    @Component.Builder
    interface Builder {

        @BindsInstance
        Builder settings(ReportSettings settings);

        /** What "today" is for reports; the system clock outside tests. */
        @BindsInstance
        Builder clock(Clock clock);

        /** The primary: every write, sign-in, and the reports no standby serves. */
        @BindsInstance
        Builder dataSource(DataSource dataSource);

        /** Where reports are read when one is current enough; {@link Standbys#NONE} reads them on the primary. */
        @BindsInstance
        Builder standbys(Standbys standbys);

        ReportComponent build();
    }
}
