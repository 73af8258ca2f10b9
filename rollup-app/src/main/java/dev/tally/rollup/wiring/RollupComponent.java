package dev.tally.rollup.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.tally.migrations.Migrations;
import dev.tally.rollup.RollupService;
import dev.tally.rollup.RollupSettings;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** rollup-app, assembled from its settings and the pool main opened. */
@Singleton
@Component(modules = {DatabaseModule.class, RollupModule.class})
public interface RollupComponent {

    Migrations migrations();

    RollupService rollupService();

    @Component.Builder
    interface Builder {

        @BindsInstance
        Builder settings(RollupSettings settings);

        @BindsInstance
        Builder dataSource(DataSource dataSource);

        RollupComponent build();
    }
}
