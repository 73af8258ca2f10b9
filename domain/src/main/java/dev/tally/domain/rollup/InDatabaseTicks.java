package dev.tally.domain.rollup;

import java.util.Optional;

/**
 * The SQL tick ({@code SELECT rollup_task_usage_hourly()}) run on a schedule by the database server
 * itself: the alternative to running rollup-app. The scheduler (pg_cron, in the adapter) keeps every
 * job of a server in one database and runs each job in the database the job names, so installing
 * takes two connections when that is not the rollup's own database.
 */
public interface InDatabaseTicks {

    /** The database this connection is in. */
    String database();

    /** The database where the server's pg_cron keeps its jobs; empty when the server does not load pg_cron. */
    Optional<String> schedulerDatabase();

    /**
     * On the scheduler database: why jobs cannot be installed here (the extension is not created,
     * or is too old to run jobs in another database); empty when they can.
     */
    Optional<String> unavailability();

    /**
     * Makes {@code jobName} run the SQL tick in {@code database} on {@code schedule} (cron syntax), active:
     * creates the job, or updates the one of that name. Returns the job's id. Throws
     * {@link IllegalArgumentException} when pg_cron refuses the schedule.
     */
    long install(String jobName, String schedule, String database);

    /** Removes the job {@code jobName}; false, having done nothing, when there is none (or no pg_cron). */
    boolean uninstall(String jobName);
}
