package dev.tally.report.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.price.PriceCatalog;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.report.UserPreferences;
import dev.tally.domain.report.WorkspaceMemberships;
import dev.tally.domain.report.access.AccessTokens;
import dev.tally.migrations.Migrations;
import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.report.ReportSettings;
import dev.tally.report.Standbys;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * What report-app builds from its DataSource (the primary) and its standbys' pools: the schema's
 * migrations, the persistence facade, its ports.
 */
@Module
interface DatabaseModule {

    @Provides
    static Migrations migrations(DataSource dataSource) {
        return Migrations.of(dataSource);
    }

    /** One per process: it holds the process's only SqlSessionFactory. */
    @Provides
    @Singleton
    static TallyPostgres tallyPostgres(DataSource dataSource) {
        return TallyPostgres.create(dataSource);
    }

    /** The one port that reads on standbys: reports tolerate a bounded lag, sign-in and writes do not. */
    @Provides
    static UsageReportReader usageReportReader(TallyPostgres postgres, ReportSettings settings, Standbys standbys) {
        return postgres.usageReportReader(settings.queryTimeout(), standbys.pools(), settings.maxReplicaLag());
    }

    @Provides
    static WorkspaceMemberships workspaceMemberships(TallyPostgres postgres) {
        return postgres.workspaceMemberships();
    }

    @Provides
    static UserPreferences userPreferences(TallyPostgres postgres) {
        return postgres.userPreferences();
    }

    @Provides
    static AccessTokens accessTokens(TallyPostgres postgres) {
        return postgres.accessTokens();
    }

    @Provides
    static PriceCatalog priceCatalog(TallyPostgres postgres) {
        return postgres.priceCatalog();
    }
}
