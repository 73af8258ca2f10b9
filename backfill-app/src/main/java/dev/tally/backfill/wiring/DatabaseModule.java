package dev.tally.backfill.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.migrations.Migrations;
import javax.sql.DataSource;

/** What backfill-app builds from its DataSource: the schema's migrations. */
@Module
interface DatabaseModule {

    @Provides
    static Migrations migrations(DataSource dataSource) {
        return Migrations.of(dataSource);
    }
}
