package dev.tally.persistence.postgres;

import dev.tally.domain.rollup.RollupContractTest;
import dev.tally.domain.rollup.UsagePlatform;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract scenarios ticked by rollup_task_usage_hourly(), the pg_cron entry point. */
class SqlTickRollupContractIT extends RollupContractTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @AfterEach
    void rollupMatchesRawData() {
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Override
    protected UsagePlatform platform() {
        db.reset();
        return new PostgresUsagePlatform(db.dataSource(), () -> Ticks.sqlTickUntilCaughtUp(db.dataSource()));
    }
}
