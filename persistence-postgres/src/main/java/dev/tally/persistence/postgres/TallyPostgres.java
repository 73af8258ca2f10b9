package dev.tally.persistence.postgres;

import dev.tally.domain.backfill.BackfillRuns;
import dev.tally.domain.backfill.RollupDrift;
import dev.tally.domain.backfill.RollupWatermark;
import dev.tally.domain.backfill.SliceRunner;
import dev.tally.domain.backfill.UsageHistory;
import dev.tally.domain.price.PriceCatalog;
import dev.tally.domain.report.UsageReportReader;
import dev.tally.domain.report.UserPreferences;
import dev.tally.domain.report.WorkspaceMemberships;
import dev.tally.domain.report.access.AccessTokens;
import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.InDatabaseTicks;
import dev.tally.domain.rollup.InFlightTicks;
import dev.tally.domain.rollup.RollupFailureLog;
import dev.tally.domain.rollup.RollupStatusReader;
import dev.tally.persistence.postgres.internal.MyBatisSessions;
import dev.tally.persistence.postgres.internal.PgCronTicks;
import dev.tally.persistence.postgres.internal.PostgresBackfill;
import dev.tally.persistence.postgres.internal.PostgresHourlyRollupStore;
import dev.tally.persistence.postgres.internal.PostgresPriceCatalog;
import dev.tally.persistence.postgres.internal.PostgresRollupFailureLog;
import dev.tally.persistence.postgres.internal.PostgresRollupStatusReader;
import dev.tally.persistence.postgres.internal.PrimaryReportTransactions;
import dev.tally.persistence.postgres.internal.ReportMemberships;
import dev.tally.persistence.postgres.internal.ReportUsageReader;
import dev.tally.persistence.postgres.internal.RunningTicks;
import dev.tally.persistence.postgres.internal.StandbyReportTransactions;
import dev.tally.persistence.postgres.internal.TokenStore;
import dev.tally.persistence.postgres.internal.UserPreferencesStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The one entry point to Tally's PostgreSQL adapters. Built once per process from the app's
 * {@code DataSource} (the app builds and closes the pool); hands out the domain's ports.
 */
public final class TallyPostgres {

    private final MyBatisSessions sessions;
    private final RunningTicks runningTicks = new RunningTicks();

    private TallyPostgres(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    public static TallyPostgres create(DataSource dataSource) {
        return new TallyPostgres(MyBatisSessions.over(Objects.requireNonNull(dataSource, "dataSource")));
    }

    /** Ticks whose statements are cancelled after {@code tickTimeout}, which rolls the tick back. */
    public HourlyRollupStore hourlyRollupStore(Duration tickTimeout) {
        return new PostgresHourlyRollupStore(sessions, tickTimeout, runningTicks);
    }

    /** The ticks the stores of this facade are running, which a stop may cancel. */
    public InFlightTicks inFlightTicks() {
        return runningTicks;
    }

    public RollupFailureLog rollupFailureLog() {
        return new PostgresRollupFailureLog(sessions);
    }

    public RollupStatusReader rollupStatusReader() {
        return new PostgresRollupStatusReader(sessions);
    }

    /** The SQL tick's pg_cron job, as seen from this facade's database. */
    public InDatabaseTicks inDatabaseTicks() {
        return new PgCronTicks(sessions);
    }

    /** What there is to backfill: {@code PlanBackfill}'s reads. */
    public UsageHistory usageHistory() {
        return new PostgresBackfill(sessions);
    }

    public BackfillRuns backfillRuns() {
        return new PostgresBackfill(sessions);
    }

    public SliceRunner sliceRunner() {
        return new PostgresBackfill(sessions);
    }

    /** verify's comparison of the rollup with raw, and its repair. */
    public RollupDrift rollupDrift() {
        return new PostgresBackfill(sessions);
    }

    public RollupWatermark rollupWatermark() {
        return new PostgresBackfill(sessions);
    }

    /** Report reads whose statements are cancelled after {@code queryTimeout}. */
    public UsageReportReader usageReportReader(Duration queryTimeout) {
        return new ReportUsageReader(sessions, new PrimaryReportTransactions(sessions, queryTimeout));
    }

    /**
     * Report reads on hot standbys of this facade's database (each {@code standbys} entry one
     * standby's pool, taking turns) when one is at most {@code maxLag} behind it, else on this
     * database, and each report says which; statements are cancelled after {@code queryTimeout}.
     * Only reports go to standbys: every other port of this facade uses this database alone.
     */
    public UsageReportReader usageReportReader(Duration queryTimeout, List<DataSource> standbys, Duration maxLag) {
        if (standbys.isEmpty()) {
            return usageReportReader(queryTimeout);
        }
        return new ReportUsageReader(sessions, new StandbyReportTransactions(sessions, standbys, maxLag, queryTimeout));
    }

    public WorkspaceMemberships workspaceMemberships() {
        return new ReportMemberships(sessions);
    }

    public UserPreferences userPreferences() {
        return new UserPreferencesStore(sessions);
    }

    public AccessTokens accessTokens() {
        return new TokenStore(sessions);
    }

    /** The dated price catalog reports price usage with. */
    public PriceCatalog priceCatalog() {
        return new PostgresPriceCatalog(sessions);
    }
}
