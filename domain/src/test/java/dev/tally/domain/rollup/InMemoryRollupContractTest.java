package dev.tally.domain.rollup;

/** The rollup contract against the in-memory platform: proves the scenarios and their numbers. */
class InMemoryRollupContractTest extends RollupContractTest {

    @Override
    protected UsagePlatform platform() {
        return new InMemoryUsagePlatform();
    }
}
