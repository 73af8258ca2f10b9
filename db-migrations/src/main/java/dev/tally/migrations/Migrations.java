package dev.tally.migrations;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Tally's schema: migrate it, check it, describe it. Every app checks the schema at start with
 * {@link #requireCurrent()}; migrating is an explicit step (this facade's {@code migrate}, the
 * db-migrations jar, or an app's {@code --migrate}).
 */
public final class Migrations {

    /** What operators run to bring a database up to date. */
    public static final String HOW_TO_MIGRATE =
            "java -jar db-migrations/target/db-migrations.jar migrate (or start the app once with --migrate)";

    private final Flyway flyway;

    private Migrations(Flyway flyway) {
        this.flyway = flyway;
    }

    public static Migrations of(DataSource dataSource) {
        return new Migrations(Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .validateMigrationNaming(true)
                // Pending scripts apply in one transaction: a versioned script and the repeatable
                // triggers that keep its columns (V008's task_usage.workspace_id) land together,
                // so no writer commits in between, and a failure leaves the schema as it was.
                .group(true)
                // A repeatable script merged into another is retired, not lost: its functions
                // are replaced or dropped by the scripts that remain.
                .ignoreMigrationPatterns("*:future", "repeatable:missing")
                .load());
    }

    /** Applies pending migrations; returns how many were applied (0 when already current). */
    public int migrate() {
        MigrateResult result = flyway.migrate();
        return result.migrationsExecuted;
    }

    /** Throws {@link SchemaNotCurrentException} when migrations are pending, failed or were changed. */
    public void requireCurrent() {
        List<MigrationInfo> pending = Arrays.asList(flyway.info().pending());
        if (!pending.isEmpty()) {
            throw new SchemaNotCurrentException("the database schema is behind this release ("
                    + pending.size() + " pending: " + describe(pending) + "). Migrate it with: " + HOW_TO_MIGRATE);
        }
        var validation = flyway.validateWithResult();
        if (!validation.validationSuccessful) {
            throw new SchemaNotCurrentException("the database schema does not match this release: "
                    + validation.getAllErrorMessages());
        }
    }

    /** One line per migration: version, description, state. */
    public List<String> info() {
        return Arrays.stream(flyway.info().all())
                .map(m -> String.format("%-8s %-40s %s",
                        m.getVersion() == null ? "R" : m.getVersion().getVersion(),
                        m.getDescription(),
                        stateOf(m.getState())))
                .toList();
    }

    private static String stateOf(MigrationState state) {
        return state.getDisplayName().toLowerCase(Locale.ROOT);
    }

    private static String describe(List<MigrationInfo> migrations) {
        return migrations.stream()
                .map(m -> (m.getVersion() == null ? "repeatable " : "V" + m.getVersion() + " ") + m.getDescription())
                .reduce((a, b) -> a + ", " + b)
                .orElse("");
    }
}
