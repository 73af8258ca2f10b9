package dev.tally.backfill.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.backfill.BackfillStore;
import dev.tally.migrations.Migrations;
import dev.tally.persistence.postgres.TallyPostgres;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** What backfill-app builds from its DataSource: the schema's migrations, the persistence facade, the backfill's port. */
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
    static BackfillStore backfillStore(TallyPostgres postgres) {
        return postgres.backfillStore();
    }
}
