package dev.tally.persistence.postgres.internal;

import org.apache.ibatis.annotations.Param;

/** pg_cron's catalog and functions, for the SQL tick's job; SQL in CronMapper.xml. */
interface CronMapper {

    String currentDatabase();

    String schedulerDatabase();

    String extensionVersion();

    boolean canScheduleInOtherDatabases();

    Long jobId(@Param("jobName") String jobName);

    long schedule(@Param("jobName") String jobName, @Param("schedule") String schedule,
            @Param("command") String command, @Param("database") String database);

    int alter(@Param("jobId") long jobId, @Param("schedule") String schedule, @Param("command") String command,
            @Param("database") String database);

    boolean unschedule(@Param("jobName") String jobName);
}
