package dev.tally.persistence.postgres.internal;

import dev.tally.domain.rollup.InDatabaseTicks;
import java.sql.SQLException;
import java.util.Optional;

/** The SQL tick's pg_cron job, through pg_cron's own functions; each call is one short transaction. */
public final class PgCronTicks implements InDatabaseTicks {

    /** What the job runs: the SQL tick, which takes the same tick lock as every rollup-app replica. */
    static final String SQL_TICK = "SELECT rollup_task_usage_hourly()";
    /** invalid_parameter_value: what pg_cron raises for a schedule it cannot parse. */
    private static final String INVALID_PARAMETER_VALUE = "22023";

    private final MyBatisSessions sessions;

    public PgCronTicks(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public String database() {
        return sessions.inTransaction(session -> session.getMapper(CronMapper.class).currentDatabase());
    }

    @Override
    public Optional<String> schedulerDatabase() {
        return Optional.ofNullable(
                sessions.inTransaction(session -> session.getMapper(CronMapper.class).schedulerDatabase()));
    }

    @Override
    public Optional<String> unavailability() {
        return sessions.inTransaction(session -> {
            CronMapper cron = session.getMapper(CronMapper.class);
            String version = cron.extensionVersion();
            if (version == null) {
                return Optional.of("the pg_cron extension is not created in database " + cron.currentDatabase());
            }
            if (!cron.canScheduleInOtherDatabases()) {
                return Optional.of("pg_cron " + version + " is too old: jobs that run in another database "
                        + "need pg_cron 1.4 or later (cron.schedule_in_database and cron.alter_job)");
            }
            return Optional.empty();
        });
    }

    @Override
    public long install(String jobName, String schedule, String database) {
        try {
            return sessions.inTransaction(session -> {
                CronMapper cron = session.getMapper(CronMapper.class);
                Long existing = cron.jobId(jobName);
                if (existing == null) {
                    return cron.schedule(jobName, schedule, SQL_TICK, database);
                }
                cron.alter(existing, schedule, SQL_TICK, database);
                return existing;
            });
        } catch (RuntimeException e) {
            Optional<IllegalArgumentException> refused = rejectedSchedule(e);
            if (refused.isPresent()) {
                throw refused.get();
            }
            throw e;
        }
    }

    @Override
    public boolean uninstall(String jobName) {
        return sessions.inTransaction(session -> {
            CronMapper cron = session.getMapper(CronMapper.class);
            // Without the extension there is no job table, and so no job.
            return cron.extensionVersion() != null && cron.jobId(jobName) != null && cron.unschedule(jobName);
        });
    }

    /** pg_cron's own words ("invalid schedule: ...") when it is the schedule that was refused. */
    private static Optional<IllegalArgumentException> rejectedSchedule(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && INVALID_PARAMETER_VALUE.equals(sql.getSQLState())) {
                return Optional.of(new IllegalArgumentException(sql.getMessage(), e));
            }
        }
        return Optional.empty();
    }
}
