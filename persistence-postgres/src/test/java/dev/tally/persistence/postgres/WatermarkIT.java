package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.RollupPolicy;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the watermark moves: bounded catch-up, free empty spans (D7), and never past an open writer. */
class WatermarkIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;

    @BeforeEach
    void startEmpty() {
        db.reset();
        scenario = Scenario.in(db);
    }

    @Test
    void aWatermarkThreeDaysBehindCatchesUpInBoundedTicks() {
        Instant now = Instant.now();
        for (int hoursAgo = 72; hoursAgo >= 1; hoursAgo--) {
            scenario.backdate(scenario.aTaskWithUsageAt(now, hoursAgo), now.minus(hoursAgo, ChronoUnit.HOURS));
        }

        int ticks = Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource()));

        assertThat(ticks).as("one-day windows over three days of changes").isBetween(3, 4);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isEqualTo(72);
    }

    @Test
    void emptyYearsBeforeTheFirstChangeCostNoJavaTicks() {
        usageTwoYearsAgoAndYesterday();

        int ticks = Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource()));

        // From the epoch in one-day steps this would take over 20,000 ticks.
        assertThat(ticks).isLessThanOrEqualTo(4);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(RollupOracle.hourlyRows(db.dataSource())).isEqualTo(2);
    }

    @Test
    void emptyYearsBeforeTheFirstChangeCostNoSqlTicks() {
        usageTwoYearsAgoAndYesterday();

        assertThat(Ticks.sqlTickUntilCaughtUp(db.dataSource())).isLessThanOrEqualTo(4);
        RollupOracle.assertRollupMatchesRawData(db.dataSource());
    }

    @Test
    void aWriterWhoseTransactionOutlivesTheLagIsNotPassedOver() throws Exception {
        UUID task = scenario.platform.aTask(scenario.agent, scenario.runtime, null);
        try (Connection writer = db.connection()) {
            writer.setAutoCommit(false);
            try (PreparedStatement upsert = writer.prepareStatement("""
                    INSERT INTO task_usage (task_id, provider, model, input_tokens, created_at)
                    VALUES (?, 'anthropic', 'claude-sonnet', 500, now())
                    """)) {
                upsert.setObject(1, task);
                upsert.executeUpdate();
            }
            Thread.sleep(50);
            // Lag zero: without the open-transaction bound this window would pass the writer's updated_at.
            TickOutcome whileOpen = Ticks.javaTick(db.dataSource(), new RollupPolicy(Duration.ZERO, Duration.ofDays(1)),
                    Duration.ofMinutes(1)).tick();
            assertThat(whileOpen).isInstanceOf(TickOutcome.Completed.class);
            writer.commit();
        }

        scenario.platform.tickUntilCaughtUp();

        RollupOracle.assertRollupMatchesRawData(db.dataSource());
        assertThat(db.sql().count("SELECT input_tokens FROM task_usage_hourly")).isEqualTo(500);
    }

    @Test
    void theWatermarkNeverMovesBackwards() {
        scenario.aTaskWithUsageAt(Scenario.MORNING, 10);
        scenario.platform.tickUntilCaughtUp();
        Instant before = watermark();

        TickOutcome laggingTick = Ticks.javaTick(db.dataSource(), new RollupPolicy(Duration.ofDays(30), Duration.ofDays(1)),
                Duration.ofMinutes(1)).tick();

        assertThat(laggingTick).isInstanceOfSatisfying(TickOutcome.Completed.class,
                completed -> assertThat(completed.window().isEmpty()).isTrue());
        assertThat(watermark()).isEqualTo(before);
    }

    private void usageTwoYearsAgoAndYesterday() {
        Instant now = Instant.now();
        scenario.backdate(scenario.aTaskWithUsageAt(now, 10), now.minus(730, ChronoUnit.DAYS));
        scenario.backdate(scenario.aTaskWithUsageAt(now, 20), now.minus(1, ChronoUnit.DAYS));
    }

    private Instant watermark() {
        return db.sql().single("SELECT watermark_at FROM task_usage_hourly_rollup_state",
                java.time.OffsetDateTime.class).toInstant();
    }
}
