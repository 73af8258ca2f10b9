package dev.tally.backfill;

import static dev.tally.backfill.BackfillApp.backfill;
import static dev.tally.backfill.BackfillApp.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.PostgresServer;
import dev.tally.testing.TestDatabase;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** backfill-app's command line through its real wiring: help, the schema check, and every kind of bad input. */
class BackfillSmokeIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void helpNamesEveryFlagTheUtcDaysAndWhenYesIsNeeded() {
        CapturedRun help = backfill(new BackfillMain(), "--help");
        CapturedRun version = backfill(new BackfillMain(), "--version");

        assertThat(help.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(help.out()).contains("--workspace", "--from", "--to", "--slice", "P1D|P7D|P1M", "--dry-run",
                "--sleep-between-slices", "--yes", "--migrate", "--check", "--db-url", "TALLY_DB_URL",
                "The first UTC day (YYYY-MM-DD)", "Only needed at", "run the same command to resume", "143");
        assertThat(version.exitCode()).isEqualTo(CommandLines.OK);
        assertThat(version.out()).startsWith("backfill-app ").doesNotContain("${");
    }

    @Test
    void checkPassesOnAReachableDatabaseWithACurrentSchema() {
        CapturedRun check = backfill(db, "--check");

        assertThat(check.exitCode()).as(check.printed()).isEqualTo(CommandLines.OK);
        assertThat(check.printed()).contains("schema current").doesNotContain("Backfill plan");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--workspace | not-a-uuid | '--workspace' (UUID): 'not-a-uuid' is not a workspace id; use the workspace's UUID",
        "--workspace | 1-2-3-4-5 | '1-2-3-4-5' is not a workspace id",
        "--from | 2026-02-30 | '--from': '2026-02-30' is not a date; use an ISO date such as 2026-03-01 (a UTC day)",
        "--to | 03/01/2026 | '--to': '03/01/2026' is not a date; use an ISO date such as 2026-03-01",
        "--slice | P2D | '--slice': 'P2D' is not a slice length; use one of P1D, P7D, P1M",
        "--sleep-between-slices | 2s | '--sleep-between-slices': '2s' is not an ISO-8601 duration; use a form such as PT30S",
        "--sleep-between-slices | PT-2S | --sleep-between-slices must be zero or a positive ISO-8601 duration, such as PT0S or PT2S"})
    void aMalformedValueIsBadUsageNamingTheFlagAndTheAcceptedForm(String flag, String value, String message) {
        CapturedRun run = backfill(db, flag, value);

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains(message);
        assertThat(Histories.runsInProgress(db)).isZero();
    }

    @Test
    void fromAfterToIsBadUsage() {
        CapturedRun run = backfill(db, "--from", "2026-03-02", "--to", "2026-03-01");

        assertThat(run.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains("--from 2026-03-02 is after --to 2026-03-01", "YYYY-MM-DD");
    }

    @Test
    void anUnknownWorkspaceIsBadUsageNamingIt() {
        UUID stranger = UUID.randomUUID();

        CapturedRun run = backfill(db, "--workspace", stranger.toString());

        assertThat(run.exitCode()).as(run.printed()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains("unknown workspace", stranger.toString(), "--workspace takes the UUID");
        assertThat(Histories.runsInProgress(db)).isZero();
    }

    @Test
    void aDatabaseUrlThatIsNotPostgresqlIsBadUsage() {
        CapturedRun run = backfill(new BackfillMain(), "--check", "--db-url", "jdbc:mysql://127.0.0.1:3306/tally");

        assertThat(run.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(run.err()).contains("--db-url");
    }

    @Test
    void aSchemaThatIsBehindStopsTheRunWithHowToMigrateAndMigrateFixesIt() {
        String empty = "tally_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresServer server = PostgresServer.shared();
        server.execute("CREATE DATABASE " + empty);
        try {
            String[] onTheEmptyDatabase = {"--dry-run", "--db-url", server.urlOf(empty), "--db-user", server.user(),
                "--db-password=" + server.password()};

            CapturedRun refused = backfill(new BackfillMain(), onTheEmptyDatabase);
            CapturedRun migrated = backfill(new BackfillMain(), concat(onTheEmptyDatabase, "--migrate"));

            assertThat(refused.exitCode()).isEqualTo(CommandLines.FAILURE);
            assertThat(refused.err()).contains("schema is behind").contains("migrate");
            assertThat(migrated.exitCode()).as(migrated.printed()).isEqualTo(CommandLines.OK);
            assertThat(migrated.out()).contains("Backfill plan", "none: no usage in the range");
        } finally {
            server.execute("DROP DATABASE IF EXISTS " + empty + " WITH (FORCE)");
        }
    }
}
