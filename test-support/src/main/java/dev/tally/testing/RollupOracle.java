package dev.tally.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.workload.RollupVerifier;
import java.util.List;
import javax.sql.DataSource;

/**
 * The invariant every rollup test ends with: task_usage_hourly equals a plain GROUP BY over the
 * raw tables, compared both ways ({@link RollupVerifier}).
 */
public final class RollupOracle {

    private RollupOracle() {
    }

    /** The rows on which the rollup and the raw data disagree (at most 50), empty when they agree. */
    public static List<String> differences(DataSource dataSource) {
        return RollupVerifier.differences(dataSource);
    }

    public static void assertRollupMatchesRawData(DataSource dataSource) {
        assertThat(differences(dataSource))
                .as("task_usage_hourly against a GROUP BY over the raw tables")
                .isEmpty();
    }

    /** How many rows the rollup holds: tests assert it, so an empty rollup cannot agree with the oracle vacuously. */
    public static long hourlyRows(DataSource dataSource) {
        return new Sql(dataSource).count("SELECT count(*) FROM task_usage_hourly");
    }
}
