package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.ReadSource;
import dev.tally.domain.report.UsageSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Where a report's one read-only REPEATABLE READ transaction runs: the watermark it states and the
 * rows it returns come from one snapshot, on one server, which the snapshot names.
 */
public interface ReportTransactions {

    <R> UsageSnapshot<R> read(Function<ReportMapper, List<R>> rows);

    /** The report's own statements, in a transaction {@code beginConsistentRead} has opened. */
    static <R> UsageSnapshot<R> readRows(ReportMapper mapper, Duration timeout, Function<ReportMapper, List<R>> rows,
                                         ReadSource source) {
        mapper.setStatementTimeout(timeout.toMillis());
        List<R> read = rows.apply(mapper);
        return new UsageSnapshot<>(mapper.watermark(), read, source);
    }
}
