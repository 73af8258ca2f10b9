package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.tally.domain.rollup.RollupStatus;
import dev.tally.domain.rollup.RollupStatusReader;
import dev.tally.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The status health checks and metrics read: the state row and the dirty queue, on the database's clock. */
class RollupStatusReaderIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private Scenario scenario;
    private RollupStatusReader reader;

    @BeforeEach
    void startEmpty() {
        db.reset();
        scenario = Scenario.in(db);
        reader = TallyPostgres.create(db.dataSource()).rollupStatusReader();
    }

    @Test
    void beforeTheFirstTickThereIsNoSuccessAndTheWatermarkIsTheEpoch() {
        RollupStatus status = reader.read();

        assertThat(status.watermark()).isEqualTo(Instant.EPOCH);
        assertThat(status.lastSuccessAt()).isEmpty();
        assertThat(status.lastError()).isEmpty();
        assertThat(status.dirtyKeys()).isZero();
        assertThat(status.oldestDirtyEnqueuedAt()).isEmpty();
        assertThat(status.now()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
    }

    @Test
    void afterATickTheWatermarkAndTheSuccessAreRecentAndTheQueueIsEmpty() {
        scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        scenario.platform.tickUntilCaughtUp();

        RollupStatus status = reader.read();

        assertThat(status.sinceLastSuccess()).hasValueSatisfying(age -> assertThat(age).isLessThan(Duration.ofMinutes(1)));
        assertThat(status.watermarkLag()).isLessThan(Duration.ofMinutes(1));
        assertThat(status.dirtyKeys()).isZero();
    }

    @Test
    void queuedKeysAreCountedWithTheAgeOfTheOldestAndAFailureShows() {
        UUID first = scenario.aTaskWithUsageAt(Scenario.MORNING, 100);
        UUID second = scenario.aTaskWithUsageAt(Scenario.MORNING.plus(Duration.ofHours(1)), 40);
        scenario.platform.tickUntilCaughtUp();
        scenario.platform.deleteTask(first);
        scenario.platform.deleteTask(second);
        db.sql().update("UPDATE task_usage_hourly_dirty SET enqueued_at = now() - interval '10 minutes' "
                + "WHERE change_seq = (SELECT min(change_seq) FROM task_usage_hourly_dirty)");
        db.sql().update("UPDATE task_usage_hourly_rollup_state SET last_error = 'ERROR: canceling statement due to statement timeout'");

        RollupStatus status = reader.read();

        assertThat(status.dirtyKeys()).isEqualTo(2);
        assertThat(status.oldestDirtyAge()).hasValueSatisfying(age -> assertThat(age)
                .isBetween(Duration.ofMinutes(10), Duration.ofMinutes(11)));
        assertThat(status.lastError()).contains("ERROR: canceling statement due to statement timeout");
    }
}
