package dev.tally.backfill;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.CommandLines;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import dev.tally.migrations.SchemaOptions;
import dev.tally.backfill.wiring.DaggerBackfillComponent;
import dev.tally.backfill.wiring.BackfillComponent;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code java -jar backfill-app.jar}: parses the flags, builds the component, runs, closes the pool. */
@Command(name = "backfill-app", mixinStandardHelpOptions = true,
        resourceBundle = "dev.tally.backfill.release", version = "backfill-app ${bundle:tally.version}",
        description = "Tally's backfill tool. This release checks its database (--check); it loads no history yet.")
public final class BackfillMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillMain.class);

    private static final String APP_NAME = "backfill-app";
    /** Checking the schema takes a connection; Flyway may open a second one beside it. */
    private static final int POOL_SIZE = 2;

    @Mixin
    DatabaseOptions database;

    /** The only mode so far, so picocli refuses to run without it rather than exit 0 having done nothing. */
    @Option(names = "--check", required = true,
            description = "Check that the database is reachable and its schema current, then exit: "
                    + "0 when it is, 1 when it is not.")
    boolean check;

    @Mixin
    SchemaOptions schema;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new BackfillMain(), args));
    }

    @Override
    public Integer call() {
        try (HikariDataSource pool = ConnectionPools.open(APP_NAME, database, POOL_SIZE)) {
            BackfillComponent app = DaggerBackfillComponent.builder().dataSource(pool).build();
            schema.prepare(app.migrations());
            LOG.info("{}: schema current", APP_NAME);
            return CommandLines.OK;
        }
    }

}
