package dev.tally.rollup.wiring;

import dagger.Module;
import dagger.Provides;
import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.RollupCronJobs;
import dev.tally.domain.rollup.RollupFailureLog;
import dev.tally.domain.rollup.RollupStatusReader;
import dev.tally.migrations.Migrations;
import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.rollup.InFlightConnections;
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

    /** The adapters' view of the pool, which can cancel what they are running when a stop's grace ends. */
    @Provides
    @Singleton
    static InFlightConnections inFlightConnections(DataSource dataSource) {
        return new InFlightConnections(dataSource);
    }

    /** One per process: it holds the process's only SqlSessionFactory. */
    @Provides
    @Singleton
    static TallyPostgres tallyPostgres(InFlightConnections connections) {
        return TallyPostgres.create(connections);
    }

    @Provides
    static HourlyRollupStore hourlyRollupStore(TallyPostgres postgres, RollupSettings settings) {
        return postgres.hourlyRollupStore(settings.tickTimeout());
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
    static RollupCronJobs rollupCronJobs(TallyPostgres postgres) {
        return postgres.rollupCronJobs();
    }
}
