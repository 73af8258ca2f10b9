package dev.tally.migrations;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.app.CommandLines;
import dev.tally.app.ConnectionPools;
import dev.tally.app.DatabaseOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code java -jar db-migrations.jar migrate|validate|info}. */
@Command(name = "db-migrations", mixinStandardHelpOptions = true,
        description = "Migrates, validates or describes Tally's schema.")
public final class MigrationsMain implements Callable<Integer> {

    enum Action { migrate, validate, info }

    @Parameters(index = "0", paramLabel = "ACTION", description = "One of: ${COMPLETION-CANDIDATES}.")
    Action action;

    @Mixin
    DatabaseOptions database;

    public static void main(String[] args) {
        System.exit(CommandLines.execute(new MigrationsMain(), args));
    }

    @Override
    public Integer call() {
        try (HikariDataSource dataSource = ConnectionPools.open("db-migrations", database, 2)) {
            Migrations migrations = Migrations.of(dataSource);
            switch (action) {
                case migrate -> System.out.println("Applied " + migrations.migrate() + " migration(s); the schema is current.");
                case validate -> {
                    migrations.requireCurrent();
                    System.out.println("The schema is current.");
                }
                case info -> migrations.info().forEach(System.out::println);
            }
        }
        return CommandLines.OK;
    }
}
