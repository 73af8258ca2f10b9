package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One ticker at a time, across Java ticks, SQL ticks and anything else holding the tick lock. */
class ConcurrentTicksIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;

    @BeforeEach
    void startEmpty() {
        db.reset();
        scenario = Scenario.in(db);
        scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
    }

    @Test
    void whileAnotherTransactionHoldsTheTickLockBothTicksSkipAndChangeNothing() throws Exception {
        try (Connection holder = db.connection()) {
            holder.setAutoCommit(false);
            try (ResultSet locked = holder.createStatement().executeQuery("SELECT try_lock_task_usage_hourly_tick()")) {
                locked.next();
                assertThat(locked.getBoolean(1)).isTrue();
            }

            assertThat(Ticks.javaTick(db.dataSource()).tick()).isInstanceOf(TickOutcome.Skipped.class);
            assertThat(Ticks.sqlTick(db.dataSource(), "0")).isZero();
            assertThat(RollupOracle.hourlyRows(db.dataSource())).isZero();
            holder.rollback();
        }

        assertThat(Ticks.javaTick(db.dataSource()).tick()).isInstanceOf(TickOutcome.Completed.class);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isOne();
    }

    @Test
    void ticksStartedTogetherNeverFailAndLeaveTheRollupExact() throws Exception {
        RunRollupTick tick = Ticks.javaTick(db.dataSource());
        int tickers = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(tickers);
        List<Future<TickOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < tickers; i++) {
            outcomes.add(pool.submit(() -> {
                start.await();
                return tick.tick();
            }));
        }
        start.countDown();

        List<TickOutcome> results = new ArrayList<>();
        for (Future<TickOutcome> outcome : outcomes) {
            results.add(outcome.get());
        }
        pool.shutdown();

        assertThat(results).noneMatch(TickOutcome.Failed.class::isInstance);
        assertThat(results).anyMatch(TickOutcome.Completed.class::isInstance);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isOne();
    }
}
