package dev.tally.backfill.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.tally.backfill.BackfillJob;
import dev.tally.backfill.BackfillSettings;
import dev.tally.backfill.StopSignal;
import dev.tally.backfill.Terminal;
import dev.tally.backfill.VerifyJob;
import dev.tally.migrations.Migrations;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/** backfill-app, assembled from its settings, the pool main opened, the operator's terminal and the stop signal. */
@Singleton
@Component(modules = {DatabaseModule.class, BackfillModule.class})
public interface BackfillComponent {

    Migrations migrations();

    BackfillJob backfillJob();

    VerifyJob verifyJob();

    @Component.Builder
    interface Builder {

        @BindsInstance
        Builder settings(BackfillSettings settings);

        @BindsInstance
        Builder dataSource(DataSource dataSource);

        @BindsInstance
        Builder terminal(Terminal terminal);

        @BindsInstance
        Builder stopSignal(StopSignal stop);

        BackfillComponent build();
    }
}
