package dev.tally.rollup.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.InDatabaseTicks;
import dev.tally.domain.rollup.InFlightTicks;
import dev.tally.domain.rollup.RollupFailureLog;
import dev.tally.domain.rollup.RollupStatusReader;
import dev.tally.migrations.Migrations;
import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.rollup.RollupSettings;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** What rollup-app builds from its DataSource: the schema's migrations, the persistence facade, its ports. */
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
    static HourlyRollupStore hourlyRollupStore(TallyPostgres postgres, RollupSettings settings) {
        return postgres.hourlyRollupStore(settings.tickTimeout());
    }

    /** The facade's ticks in flight, whichever of its stores runs them: what a stop cancels. */
    @Provides
    static InFlightTicks inFlightTicks(TallyPostgres postgres) {
        return postgres.inFlightTicks();
    }

    @Provides
    static RollupFailureLog rollupFailureLog(TallyPostgres postgres) {
        return postgres.rollupFailureLog();
    }

    @Provides
    static RollupStatusReader rollupStatusReader(TallyPostgres postgres) {
        return postgres.rollupStatusReader();
    }

    @Provides
    static InDatabaseTicks inDatabaseTicks(TallyPostgres postgres) {
        return postgres.inDatabaseTicks();
    }
}
