package dev.tally.rollup.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.tally.domain.rollup.InDatabaseTicks;
import dev.tally.migrations.Migrations;
import dev.tally.rollup.GracefulStop;
import dev.tally.rollup.RollupDaemon;
import dev.tally.rollup.RollupService;
import dev.tally.rollup.RollupSettings;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** rollup-app, assembled from its settings and the pool main opened. */
@Singleton
@Component(modules = {DatabaseModule.class, RollupModule.class, MonitoringModule.class})
public interface RollupComponent {

    Migrations migrations();

    /** The tick schedule: {@code --once} runs one tick of it. */
    RollupService rollupService();

    /** The service: health and metrics, the status monitor and the tick schedule. */
    RollupDaemon rollupDaemon();

    /** How the service stops: on a signal, or when a test ends it. */
    GracefulStop gracefulStop();

    /** The SQL tick's pg_cron job, for install-cron and uninstall-cron. */
    InDatabaseTicks inDatabaseTicks();

    @Component.Builder
    interface Builder {

        @BindsInstance
        Builder settings(RollupSettings settings);

        @BindsInstance
        Builder dataSource(DataSource dataSource);

        RollupComponent build();
    }
}
