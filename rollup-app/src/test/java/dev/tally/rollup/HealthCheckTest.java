package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.rollup.RecomputeCounts;
import dev.tally.domain.rollup.RollupStatus;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.TickWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration MAX_ANSWER_AGE = Duration.ofSeconds(30);
    private final HealthCheck check = new HealthCheck(Duration.ofMinutes(30));

    @Test
    void upWhenTheDatabaseAnswersAndATickSucceededRecently() {
        HealthCheck.HealthReport report = check.check(answeredAt(NOW.minusSeconds(4), lastSuccessAgo(Duration.ofMinutes(3))), NOW);

        assertThat(report.up()).isTrue();
        assertThat(report.json()).contains("\"status\":\"up\"", "\"reasons\":[]", "\"database\":\"up\"",
                "\"secondsSinceLastSuccess\":180", "\"maxStalenessSeconds\":1800", "\"lastError\":null",
                "\"lastTickHere\":\"completed\"", "\"lastSuccessAt\":\"2026-03-10T11:57:00Z\"");
    }

    @Test
    void downWhenTheLastSuccessIsOlderThanTheBoundCountingTheTimeSinceTheRead() {
        StatusMonitor.Snapshot snapshot = answeredAt(NOW.minusSeconds(10), lastSuccessAgo(Duration.ofMinutes(30).plusSeconds(5)));

        HealthCheck.HealthReport report = check.check(snapshot, NOW);

        assertThat(report.up()).isFalse();
        assertThat(report.json()).contains("\"status\":\"down\"", "the last successful tick finished 1805 s ago, "
                + "more than the 1800 s --health-max-staleness allows");
    }

    @Test
    void downBeforeAnyTickHasSucceeded() {
        RollupStatus neverTicked = new RollupStatus(NOW, Instant.EPOCH, Optional.empty(), Optional.empty(), 0, Optional.empty());

        HealthCheck.HealthReport report = check.check(answeredAt(NOW, neverTicked), NOW);

        assertThat(report.up()).isFalse();
        assertThat(report.json()).contains("no tick has succeeded yet", "\"secondsSinceLastSuccess\":null");
    }

    @Test
    void downWhileTheDatabaseDoesNotAnswerSayingWhatTheDriverSaid() {
        StatusMonitor.Snapshot snapshot = new StatusMonitor.Snapshot(Optional.of(lastSuccessAgo(Duration.ofMinutes(1))),
                Optional.of(NOW.minusSeconds(20)), Optional.of("Connection to 127.0.0.1:5432 refused"),
                Optional.of(failed()), MAX_ANSWER_AGE);

        HealthCheck.HealthReport report = check.check(snapshot, NOW);

        assertThat(report.up()).isFalse();
        assertThat(report.json()).contains("\"database\":\"down\"",
                "the database does not answer: Connection to 127.0.0.1:5432 refused", "\"lastTickHere\":\"failed\"");
    }

    @Test
    void downWhenTheLastAnswerIsSoOldThatTheReadsMustBeHanging() {
        HealthCheck.HealthReport report = check.check(answeredAt(NOW.minusSeconds(31), lastSuccessAgo(Duration.ZERO)), NOW);

        assertThat(report.up()).isFalse();
        assertThat(report.json()).contains("the database has not answered for 31 s");
    }

    @Test
    void downBeforeTheFirstAnswer() {
        StatusMonitor.Snapshot nothing = new StatusMonitor.Snapshot(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), MAX_ANSWER_AGE);

        assertThat(check.check(nothing, NOW).json()).contains("the database has not answered yet");
    }

    @Test
    void theBodyIsValidJsonWhateverTheErrorSays() {
        RollupStatus failing = new RollupStatus(NOW, NOW, Optional.of(NOW), Optional.of("ERROR: bad \"value\"\n\tat \\ line"),
                0, Optional.empty());

        String json = check.check(answeredAt(NOW, failing), NOW).json();

        assertThat(json).contains("\"lastError\":\"ERROR: bad \\\"value\\\"\\n\\tat \\\\ line\"");
    }

    private static RollupStatus lastSuccessAgo(Duration age) {
        return new RollupStatus(NOW, NOW.minus(Duration.ofMinutes(5)), Optional.of(NOW.minus(age)), Optional.empty(), 0,
                Optional.empty());
    }

    /** The status as the database returned it at {@code readAt}: the same instants, an earlier now. */
    private static StatusMonitor.Snapshot answeredAt(Instant readAt, RollupStatus status) {
        RollupStatus read = new RollupStatus(readAt, status.watermark(), status.lastSuccessAt(), status.lastError(),
                status.dirtyKeys(), status.oldestDirtyEnqueuedAt());
        return new StatusMonitor.Snapshot(Optional.of(read), Optional.of(readAt), Optional.empty(),
                Optional.of(completed()), MAX_ANSWER_AGE);
    }

    private static TickOutcome completed() {
        return new TickOutcome.Completed(new TickWindow(NOW, NOW), RecomputeCounts.NONE, Duration.ofMillis(3), true);
    }

    private static TickOutcome failed() {
        return new TickOutcome.Failed("Connection refused", Duration.ofSeconds(10));
    }
}
