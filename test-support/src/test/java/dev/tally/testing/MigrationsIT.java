package dev.tally.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.migrations.Migrations;
import dev.tally.migrations.SchemaNotCurrentException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The migrations build the schema on an empty database, and a second run changes nothing. */
class MigrationsIT {

    private static final String CATALOG_FINGERPRINT = """
            SELECT md5(string_agg(item, E'\\n' ORDER BY item)) FROM (
                SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable
                       || ' ' || COALESCE(column_default, '') AS item
                FROM information_schema.columns WHERE table_schema = 'public'
                UNION ALL
                SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
                UNION ALL
                SELECT 'function ' || p.proname || ' ' || md5(p.prosrc) FROM pg_proc p
                JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
                UNION ALL
                SELECT 'trigger ' || tgname || ' ' || tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal
            ) catalog
            """;

    private final PostgresServer server = PostgresServer.shared();
    private String name;
    private PGSimpleDataSource empty;

    @BeforeEach
    void anEmptyDatabase() {
        name = "tally_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        server.execute("CREATE DATABASE " + name);
        empty = new PGSimpleDataSource();
        empty.setUrl(server.urlOf(name));
        empty.setUser(server.user());
        empty.setPassword(server.password());
    }

    @AfterEach
    void dropIt() {
        server.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    @Test
    void migratingAnEmptyDatabaseBuildsTheSchemaAndASecondRunChangesNothing() {
        Migrations migrations = Migrations.of(empty);

        assertThat(migrations.migrate()).isGreaterThanOrEqualTo(5);
        String afterFirst = new Sql(empty).single(CATALOG_FINGERPRINT, String.class);
        assertThat(migrations.migrate()).as("migrations applied by the second run").isZero();

        assertThat(new Sql(empty).single(CATALOG_FINGERPRINT, String.class)).isEqualTo(afterFirst);
        assertThat(new Sql(empty).count("SELECT count(*) FROM task_usage_hourly_rollup_state")).isOne();
        migrations.requireCurrent();
    }

    @Test
    void anEmptyDatabaseIsNotCurrentAndTheErrorSaysHowToMigrate() {
        assertThatThrownBy(() -> Migrations.of(empty).requireCurrent())
                .isInstanceOf(SchemaNotCurrentException.class)
                .hasMessageContaining("behind")
                .hasMessageContaining("db-migrations.jar migrate");
    }

    @Test
    void infoListsEveryMigrationWithItsState() {
        Migrations migrations = Migrations.of(empty);
        migrations.migrate();

        List<String> info = migrations.info();

        assertThat(info).anyMatch(line -> line.contains("source tables") && line.contains("success"));
        assertThat(info).anyMatch(line -> line.contains("task usage hourly enqueue"));
    }
}
