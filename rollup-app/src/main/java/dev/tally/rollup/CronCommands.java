package dev.tally.rollup;

import dev.tally.app.BadUsageException;
import dev.tally.app.CommandLines;
import dev.tally.app.DatabaseOptions;
import dev.tally.domain.rollup.InDatabaseTicks;
import dev.tally.domain.rollup.RootCause;
import dev.tally.rollup.wiring.RollupComponent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code install-cron} and {@code uninstall-cron}: the SQL tick as a pg_cron job, the alternative to
 * running rollup-app as a service (both at once are safe: one ticker at a time holds the tick lock).
 * pg_cron keeps its jobs in one database of the server ({@code cron.database_name}); when that is not
 * the rollup's database, the commands connect to it with the same server, user and password.
 */
final class CronCommands {

    /** One job per rollup database, so several Tally databases on one server each get their own. */
    static final String JOB_NAME_PREFIX = "tally-rollup-";
    static final String DEFAULT_SCHEDULE = "*/5 * * * *";

    private static final String HOW_TO_INSTALL = "To use pg_cron: install it on the database server (Debian and "
            + "Ubuntu: apt-get install postgresql-<major version>-cron), set shared_preload_libraries = 'pg_cron', "
            + "cron.database_name = '<database>' and cron.use_background_workers = on in postgresql.conf, restart "
            + "PostgreSQL, run CREATE EXTENSION pg_cron in that database as a superuser, then run install-cron again. "
            + "Or run rollup-app as a service instead (rollup-app/README.md).";

    /** jdbc:postgresql://host[:port][/database][?parameters] and jdbc:postgresql:database[?parameters]. */
    private static final Pattern HOST_FORM = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
    private static final Pattern SHORT_FORM = Pattern.compile("(jdbc:postgresql:)(?!//)([^?]*)(\\?.*)?");

    private CronCommands() {
    }

    static String jobName(String database) {
        return JOB_NAME_PREFIX + database;
    }

    @Command(name = "install-cron", mixinStandardHelpOptions = true,
            description = {"Schedules the rollup tick (SELECT rollup_task_usage_hourly()) with pg_cron, in the database "
                    + "of --db-url, as the job tally-rollup-<database>. Running it again updates the schedule.",
                "Exit 0 when installed, 1 when pg_cron is missing (the message says how to install it), 2 for bad usage."})
    static final class Install implements Callable<Integer> {

        @ParentCommand
        RollupMain main;

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Option(names = "--schedule", paramLabel = "CRON", defaultValue = DEFAULT_SCHEDULE,
                description = "When the tick runs, in cron syntax (default '${DEFAULT-VALUE}': every 5 minutes).")
        String schedule;

        @Override
        public Integer call() {
            if (schedule.isBlank()) {
                throw new BadUsageException("--schedule must be a cron schedule such as '" + DEFAULT_SCHEDULE + "'");
            }
            return RollupMain.withComponent(main.settings(), database, rollup -> {
                rollup.migrations().requireCurrent();
                InDatabaseTicks here = rollup.inDatabaseTicks();
                String target = here.database();
                String scheduler = here.schedulerDatabase().orElseThrow(() -> new IllegalStateException(
                        "pg_cron is not loaded by this PostgreSQL server, so the tick cannot be scheduled in it. "
                                + HOW_TO_INSTALL));
                return onSchedulerDatabase(main, database, scheduler, target, here, jobs -> {
                    jobs.unavailability().ifPresent(why -> {
                        throw new IllegalStateException(why + ". " + HOW_TO_INSTALL);
                    });
                    long id = install(jobs, target);
                    spec.commandLine().getOut().printf("installed pg_cron job %d '%s': SELECT rollup_task_usage_hourly() "
                            + "in database %s, schedule '%s' (pg_cron keeps its jobs in database %s)%n",
                            id, jobName(target), target, schedule, scheduler);
                    return CommandLines.OK;
                });
            });
        }

        private long install(InDatabaseTicks jobs, String target) {
            try {
                return jobs.install(jobName(target), schedule, target);
            } catch (IllegalArgumentException e) {
                throw new BadUsageException("--schedule must be a cron schedule pg_cron accepts, such as '"
                        + DEFAULT_SCHEDULE + "'; pg_cron said: " + RootCause.message(e));
            }
        }
    }

    @Command(name = "uninstall-cron", mixinStandardHelpOptions = true,
            description = {"Removes the rollup tick's pg_cron job (tally-rollup-<database>) of the database of --db-url.",
                "Exit 0 when removed or when there was none to remove (also without pg_cron), 1 on failure."})
    static final class Uninstall implements Callable<Integer> {

        @ParentCommand
        RollupMain main;

        @Spec
        CommandSpec spec;

        @Mixin
        DatabaseOptions database;

        @Override
        public Integer call() {
            return RollupMain.withComponent(main.settings(), database, rollup -> {
                InDatabaseTicks here = rollup.inDatabaseTicks();
                String target = here.database();
                String name = jobName(target);
                if (here.schedulerDatabase().isEmpty()) {
                    spec.commandLine().getOut().printf("no pg_cron job '%s' to remove: this server does not load "
                            + "pg_cron%n", name);
                    return CommandLines.OK;
                }
                return onSchedulerDatabase(main, database, here.schedulerDatabase().get(), target, here, jobs -> {
                    boolean removed = jobs.uninstall(name);
                    spec.commandLine().getOut().println(removed
                            ? "removed pg_cron job '" + name + "'"
                            : "no pg_cron job '" + name + "' to remove");
                    return CommandLines.OK;
                });
            });
        }
    }

    /** Runs {@code work} on pg_cron's database: this one, or another of the same server. */
    private static Integer onSchedulerDatabase(RollupMain main, DatabaseOptions database, String scheduler,
                                               String target, InDatabaseTicks here,
                                               Function<InDatabaseTicks, Integer> work) {
        if (scheduler.equals(target)) {
            return work.apply(here);
        }
        DatabaseOptions schedulerDatabase = new DatabaseOptions(urlOfDatabase(database.url(), scheduler),
                database.user(), database.password());
        return RollupMain.withComponent(main.settings(), schedulerDatabase,
                rollup -> work.apply(rollup.inDatabaseTicks()));
    }

    /** {@code url} with its database replaced, keeping host, port and parameters. */
    static String urlOfDatabase(String url, String database) {
        String encoded = URLEncoder.encode(database, StandardCharsets.UTF_8);
        Matcher host = HOST_FORM.matcher(url);
        if (host.matches()) {
            return host.group(1) + "/" + encoded + (host.group(3) == null ? "" : host.group(3));
        }
        Matcher shortForm = SHORT_FORM.matcher(url);
        if (shortForm.matches()) {
            return shortForm.group(1) + encoded + (shortForm.group(3) == null ? "" : shortForm.group(3));
        }
        throw new BadUsageException("--db-url (TALLY_DB_URL) must be a PostgreSQL JDBC URL such as "
                + "jdbc:postgresql://127.0.0.1:5432/tally; got " + url);
    }
}
