package dev.tally.domain.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollupStatusTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void agesAreMeasuredOnTheDatabasesClock() {
        RollupStatus status = new RollupStatus(NOW, NOW.minusSeconds(420), Optional.of(NOW.minusSeconds(90)),
                Optional.empty(), 3, Optional.of(NOW.minusSeconds(600)));

        assertThat(status.watermarkLag()).isEqualTo(Duration.ofMinutes(7));
        assertThat(status.sinceLastSuccess()).contains(Duration.ofSeconds(90));
        assertThat(status.oldestDirtyAge()).contains(Duration.ofMinutes(10));
    }

    @Test
    void beforeTheFirstTickAndWithAnEmptyQueueThereIsNoAgeToReport() {
        RollupStatus status = new RollupStatus(NOW, Instant.EPOCH, Optional.empty(), Optional.empty(), 0,
                Optional.empty());

        assertThat(status.sinceLastSuccess()).isEmpty();
        assertThat(status.oldestDirtyAge()).isEmpty();
    }

    @Test
    void anInstantSlightlyAheadOfNowHasAgeZeroNotANegativeOne() {
        // last_success_at is clock_timestamp() of a tick that committed after this status's now().
        RollupStatus status = new RollupStatus(NOW, NOW, Optional.of(NOW.plusMillis(3)), Optional.empty(), 0,
                Optional.empty());

        assertThat(status.sinceLastSuccess()).contains(Duration.ZERO);
    }

    @Test
    void aNegativeQueueDepthIsRejected() {
        assertThatThrownBy(() -> new RollupStatus(NOW, NOW, Optional.empty(), Optional.empty(), -1, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
