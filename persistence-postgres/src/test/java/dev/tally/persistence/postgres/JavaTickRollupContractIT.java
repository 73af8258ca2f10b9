package dev.tally.persistence.postgres;

import dev.tally.domain.rollup.RollupContractTest;
import dev.tally.domain.rollup.UsagePlatform;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract scenarios against PostgreSQL, ticked by the Java tick, each ending with the GROUP BY oracle. */
class JavaTickRollupContractIT extends RollupContractTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @AfterEach
    void rollupMatchesRawData() {
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Override
    protected UsagePlatform platform() {
        db.reset();
        var tick = Ticks.javaTick(db.dataSource());
        return new PostgresUsagePlatform(db.dataSource(), () -> Ticks.javaTickUntilCaughtUp(tick));
    }
}
