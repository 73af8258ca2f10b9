package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.InDatabaseTicks;
import dev.tally.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pg_cron adapter on a server without pg_cron, as every test server but CI's dedicated one is:
 * it says so instead of failing. Installing and running a real job is tested through rollup-app's
 * commands, against a server with pg_cron (rollup-app's PgCronIT).
 */
class CronJobsIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final InDatabaseTicks cron = TallyPostgres.create(db.dataSource()).inDatabaseTicks();

    @Test
    void aServerThatDoesNotLoadPgCronHasNoSchedulerDatabase() {
        assertThat(cron.database()).isEqualTo(db.sql().single("SELECT current_database()", String.class));
        assertThat(cron.schedulerDatabase()).isEmpty();
    }

    @Test
    void withoutTheExtensionJobsCannotBeInstalledAndThereIsNoneToRemove() {
        assertThat(cron.unavailability()).hasValueSatisfying(why -> assertThat(why)
                .isEqualTo("the pg_cron extension is not created in database " + cron.database()));
        assertThat(cron.uninstall("tally-rollup-" + cron.database())).isFalse();
    }
}
