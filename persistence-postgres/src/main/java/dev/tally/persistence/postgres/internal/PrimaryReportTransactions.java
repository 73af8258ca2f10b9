package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.ReadSource;
import dev.tally.domain.report.UsageSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Reports read on the facade's own database, the primary; statements are cancelled after the timeout. */
public final class PrimaryReportTransactions implements ReportTransactions {

    private final MyBatisSessions sessions;
    private final Duration timeout;

    public PrimaryReportTransactions(MyBatisSessions sessions, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.sessions = sessions;
        this.timeout = timeout;
    }

    @Override
    public <R> UsageSnapshot<R> read(Function<ReportMapper, List<R>> rows) {
        return sessions.inTransaction(session -> {
            ReportMapper mapper = session.getMapper(ReportMapper.class);
            mapper.beginConsistentRead();
            return ReportTransactions.readRows(mapper, timeout, rows, ReadSource.DIRECT);
        });
    }
}
