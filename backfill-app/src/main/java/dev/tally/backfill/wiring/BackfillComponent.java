package dev.tally.backfill.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.tally.migrations.Migrations;
import javax.sql.DataSource;

/** backfill-app, assembled from the pool main opened. */
@Component(modules = DatabaseModule.class)
public interface BackfillComponent {

    Migrations migrations();

    @Component.Builder
    interface Builder {

        @BindsInstance
        Builder dataSource(DataSource dataSource);

        BackfillComponent build();
    }
}
