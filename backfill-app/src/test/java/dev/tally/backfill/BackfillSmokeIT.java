package dev.tally.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** backfill-app through its real command line and Dagger wiring, against a real PostgreSQL. */
class BackfillSmokeIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void checkPassesOnAReachableDatabaseWithACurrentSchema() {
        int exitCode = CommandLines.execute(new BackfillMain(), "--check",
                "--db-url", db.url(), "--db-user", db.user(), "--db-password=" + db.password());

        assertThat(exitCode).isEqualTo(CommandLines.OK);
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresqlIsBadUsage() {
        int exitCode = CommandLines.execute(new BackfillMain(), "--check", "--db-url", "jdbc:mysql://127.0.0.1:3306/tally");

        assertThat(exitCode).isEqualTo(CommandLines.BAD_USAGE);
    }

    @Test
    void withoutCheckThereIsNothingToRunSoItIsBadUsage() {
        int exitCode = CommandLines.execute(new BackfillMain(), "--db-url", db.url());

        assertThat(exitCode).isEqualTo(CommandLines.BAD_USAGE);
    }
}
