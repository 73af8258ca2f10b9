package dev.tally.backfill.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.backfill.BackfillRuns;
import dev.tally.domain.backfill.RollupDrift;
import dev.tally.domain.backfill.RollupWatermark;
import dev.tally.domain.backfill.SliceRunner;
import dev.tally.domain.backfill.UsageHistory;
import dev.tally.migrations.Migrations;
import dev.tally.persistence.postgres.TallyPostgres;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** What backfill-app builds from its DataSource: the schema's migrations, the persistence facade, the backfill's ports. */
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

    @Provides
    static UsageHistory usageHistory(TallyPostgres postgres) {
        return postgres.usageHistory();
    }

    @Provides
    static BackfillRuns backfillRuns(TallyPostgres postgres) {
        return postgres.backfillRuns();
    }

    @Provides
    static SliceRunner sliceRunner(TallyPostgres postgres) {
        return postgres.sliceRunner();
    }

    @Provides
    static RollupWatermark rollupWatermark(TallyPostgres postgres) {
        return postgres.rollupWatermark();
    }

    @Provides
    static RollupDrift rollupDrift(TallyPostgres postgres) {
        return postgres.rollupDrift();
    }
}
