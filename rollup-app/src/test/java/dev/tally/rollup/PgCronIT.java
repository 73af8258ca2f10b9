package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tally.app.CommandLines;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.migrations.Migrations;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.Sql;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * install-cron and uninstall-cron. Without pg_cron (the usual test server): a clear error and how to
 * install it. With a real pg_cron, when {@code TALLY_TEST_PGCRON_URL} names a server that preloads
 * it (CI starts one; see rollup-app/README.md): the job is installed idempotently in another database
 * than pg_cron's own, really runs the SQL tick, and is removed.
 */
class PgCronIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String PGCRON_URL = System.getenv("TALLY_TEST_PGCRON_URL");
    private static final String PGCRON_USER = envOr("TALLY_TEST_PGCRON_USER", "postgres");
    private static final String PGCRON_PASSWORD = envOr("TALLY_TEST_PGCRON_PASSWORD", "");
    private static final Instant MONDAY_MORNING = Instant.parse("2025-06-02T09:15:00Z");
    /** pg_cron 1.4 runs jobs on minute boundaries: a run comes within a minute, plus start-up. */
    private static final long RUN_WAIT_MILLIS = 150_000;

    @Test
    void withoutPgCronInstallFailsSayingHowToInstallItAndUninstallHasNothingToRemove() {
        CapturedRun install = RollupCommand.run(onTestDatabase("install-cron"));
        CapturedRun uninstall = RollupCommand.run(onTestDatabase("uninstall-cron"));

        assertThat(install.exitCode()).isEqualTo(CommandLines.FAILURE);
        assertThat(install.err()).contains("pg_cron is not loaded by this PostgreSQL server",
                "apt-get install postgresql-<major version>-cron", "shared_preload_libraries = 'pg_cron'",
                "CREATE EXTENSION pg_cron", "Or run rollup-app as a service");
        assertThat(uninstall.exitCode()).as(uninstall.err()).isEqualTo(CommandLines.OK);
        assertThat(uninstall.out()).contains("no pg_cron job 'tally-rollup-", "does not load pg_cron");
    }

    @Test
    void aBlankScheduleIsBadUsage() {
        CapturedRun install = RollupCommand.run(onTestDatabase("install-cron", "--schedule", " "));

        assertThat(install.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(install.err()).contains("--schedule must be a cron schedule");
    }

    @Test
    void withPgCronTheJobIsInstalledIdempotentlyRunsTheTickAndIsRemoved() throws Exception {
        assumeTrue(PGCRON_URL != null && !PGCRON_URL.isBlank(),
                "TALLY_TEST_PGCRON_URL is not set: no PostgreSQL server with pg_cron preloaded to test against "
                        + "(rollup-app/README.md shows how CI starts one)");
        String rollupDb = "tally_cron_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + rollupDb);
        PGSimpleDataSource rollup = dataSource(rollupDb);
        String jobName = CronCommands.jobName(rollupDb);
        try {
            Migrations.of(rollup).migrate();
            // The SQL tick's lag, as operators set it for pg_cron: 0 so that the job sees the usage just written.
            admin("ALTER DATABASE " + rollupDb + " SET tally.rollup_lag = '0'");
            aTaskWithUsage(rollup);
            String schedulerDb = new Sql(rollup).single("SELECT current_setting('cron.database_name')", String.class);
            Sql scheduler = new Sql(dataSource(schedulerDb));
            if (scheduler.count("SELECT count(*) FROM pg_extension WHERE extname = 'pg_cron'") == 0) {
                CapturedRun notCreated = RollupCommand.run(onDatabase(rollupDb, "install-cron"));
                assertThat(notCreated.exitCode()).isEqualTo(CommandLines.FAILURE);
                assertThat(notCreated.err()).contains("the pg_cron extension is not created in database " + schedulerDb,
                        "CREATE EXTENSION pg_cron");
                scheduler.update("CREATE EXTENSION IF NOT EXISTS pg_cron");
            }

            CapturedRun installed = RollupCommand.run(onDatabase(rollupDb, "install-cron", "--schedule", "*/5 * * * *"));
            CapturedRun again = RollupCommand.run(onDatabase(rollupDb, "install-cron", "--schedule", "* * * * *"));
            CapturedRun refused = RollupCommand.run(onDatabase(rollupDb, "install-cron", "--schedule", "61 * * * *"));

            assertThat(installed.exitCode()).as(installed.err()).isEqualTo(CommandLines.OK);
            assertThat(installed.out()).contains("installed pg_cron job", jobName, "in database " + rollupDb,
                    "pg_cron keeps its jobs in database " + schedulerDb);
            assertThat(again.exitCode()).as(again.err()).isEqualTo(CommandLines.OK);
            assertThat(refused.exitCode()).isEqualTo(CommandLines.BAD_USAGE);
            assertThat(refused.err()).contains("--schedule", "invalid schedule: 61 * * * *");
            assertThat(scheduler.single("SELECT count(*) || ' ' || min(schedule) || ' ' || min(database) || ' ' "
                    + "|| min(command) || ' ' || bool_and(active) FROM cron.job WHERE jobname = ?", String.class, jobName))
                    .as("one job, rescheduled in place")
                    .isEqualTo("1 * * * * * " + rollupDb + " SELECT rollup_task_usage_hourly() true");

            long jobId = scheduler.count("SELECT jobid FROM cron.job WHERE jobname = ?", jobName);
            awaitASucceededRun(scheduler, jobId);
            assertThat(new Sql(rollup).single("SELECT last_success_at IS NOT NULL FROM task_usage_hourly_rollup_state",
                    Boolean.class)).as("the job's tick succeeded").isTrue();
            assertThat(RollupOracle.hourlyRows(rollup)).isEqualTo(1);
            RollupOracle.assertRollupMatchesRawData(rollup);

            CapturedRun removed = RollupCommand.run(onDatabase(rollupDb, "uninstall-cron"));
            CapturedRun nothingLeft = RollupCommand.run(onDatabase(rollupDb, "uninstall-cron"));

            assertThat(removed.exitCode()).as(removed.err()).isEqualTo(CommandLines.OK);
            assertThat(removed.out()).contains("removed pg_cron job '" + jobName + "'");
            assertThat(nothingLeft.exitCode()).as(nothingLeft.err()).isEqualTo(CommandLines.OK);
            assertThat(nothingLeft.out()).contains("no pg_cron job '" + jobName + "' to remove");
            assertThat(scheduler.count("SELECT count(*) FROM cron.job WHERE jobname = ?", jobName)).isZero();
        } finally {
            removeJobQuietly(jobName);
            admin("DROP DATABASE IF EXISTS " + rollupDb + " WITH (FORCE)");
        }
    }

    private static void aTaskWithUsage(PGSimpleDataSource rollup) {
        PostgresUsagePlatform platform = new PostgresUsagePlatform(rollup, () -> {
            throw new UnsupportedOperationException("pg_cron ticks");
        });
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        UUID task = platform.aTask(platform.anAgentIn(workspace, runtime), runtime, null);
        platform.reportUsage(task, "anthropic", "claude-sonnet", MONDAY_MORNING, Tokens.of(100, 10));
    }

    private static void awaitASucceededRun(Sql scheduler, long jobId) throws InterruptedException {
        String runs = "SELECT count(*) FROM cron.job_run_details WHERE jobid = ? AND status = 'succeeded'";
        long deadline = System.currentTimeMillis() + RUN_WAIT_MILLIS;
        while (scheduler.count(runs, jobId) == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1_000);
        }
        assertThat(scheduler.count(runs, jobId)).as("succeeded runs of job %d; all runs: %s", jobId,
                scheduler.query("SELECT status || ': ' || coalesce(return_message, '') FROM cron.job_run_details "
                        + "WHERE jobid = ?", row -> row.getString(1), jobId)).isPositive();
    }

    private static String[] onTestDatabase(String... args) {
        return withCredentials(db.url(), db.user(), db.password(), args);
    }

    private static String[] onDatabase(String database, String... args) {
        return withCredentials(CronCommands.urlOfDatabase(PGCRON_URL, database), PGCRON_USER, PGCRON_PASSWORD, args);
    }

    private static String[] withCredentials(String url, String user, String password, String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--db-url=" + url;
        all[args.length + 1] = "--db-user=" + user;
        all[args.length + 2] = "--db-password=" + password;
        return all;
    }

    private static PGSimpleDataSource dataSource(String database) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(CronCommands.urlOfDatabase(PGCRON_URL, database));
        source.setUser(PGCRON_USER);
        source.setPassword(PGCRON_PASSWORD);
        return source;
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PGCRON_URL, PGCRON_USER, PGCRON_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void removeJobQuietly(String jobName) {
        try (Connection connection = DriverManager.getConnection(PGCRON_URL, PGCRON_USER, PGCRON_PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT cron.unschedule(jobid) FROM cron.job WHERE jobname = '" + jobName + "'");
        } catch (SQLException e) {
            System.err.println("[PgCronIT] could not remove job " + jobName + ": " + e.getMessage());
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}
