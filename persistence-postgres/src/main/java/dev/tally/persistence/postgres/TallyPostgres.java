package dev.tally.persistence.postgres;

import dev.tally.domain.backfill.BackfillStore;
import dev.tally.domain.rollup.HourlyRollupStore;
import dev.tally.domain.rollup.RollupFailureLog;
import dev.tally.persistence.postgres.internal.MyBatisSessions;
import dev.tally.persistence.postgres.internal.PostgresBackfillStore;
import dev.tally.persistence.postgres.internal.PostgresHourlyRollupStore;
import dev.tally.persistence.postgres.internal.PostgresRollupFailureLog;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The one entry point to Tally's PostgreSQL adapters. Built once per process from the app's
 * {@code DataSource} (the app builds and closes the pool); hands out the domain's ports.
 */
public final class TallyPostgres {

    private final MyBatisSessions sessions;

    private TallyPostgres(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    public static TallyPostgres create(DataSource dataSource) {
        return new TallyPostgres(MyBatisSessions.over(Objects.requireNonNull(dataSource, "dataSource")));
    }

    /** Ticks whose statements are cancelled after {@code tickTimeout}, which rolls the tick back. */
    public HourlyRollupStore hourlyRollupStore(Duration tickTimeout) {
        return new PostgresHourlyRollupStore(sessions, tickTimeout);
    }

    public RollupFailureLog rollupFailureLog() {
        return new PostgresRollupFailureLog(sessions);
    }

    public BackfillStore backfillStore() {
        return new PostgresBackfillStore(sessions);
    }
}
