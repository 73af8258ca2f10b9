package dev.tally.domain.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.entry;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.UsageTotals;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReferenceRollupTest {

    private static final Instant TEN_O_CLOCK = Instant.parse("2026-03-10T10:00:00Z");
    private static final Instant ELEVEN_O_CLOCK = Instant.parse("2026-03-10T11:00:00Z");
    private static final UUID WORKSPACE = UUID.randomUUID();
    private static final UUID RUNTIME = UUID.randomUUID();
    private static final UUID AGENT = UUID.randomUUID();
    private static final UUID PROJECT = UUID.randomUUID();
    private static final UUID NO_PROJECT = null;
    private static final String PROVIDER = "anthropic";
    private static final String MODEL = "claude-sonnet-4";

    private final UUID firstTask = UUID.randomUUID();
    private final UUID secondTask = UUID.randomUUID();

    @Test
    void noEventsMakeNoRows() {
        assertThat(ReferenceRollup.of(List.of())).isEmpty();
    }

    @Test
    void sumsEveryTokenColumnOfTheEventsOfAKey() {
        Map<BucketKey, UsageTotals> rollup = ReferenceRollup.of(List.of(
                usage(firstTask, TEN_O_CLOCK.plusSeconds(60), NO_PROJECT, 100, 10, 1000, 5),
                usage(secondTask, TEN_O_CLOCK.plusSeconds(3000), NO_PROJECT, 200, 20, 2000, 7)));

        assertThat(rollup)
                .containsOnly(entry(keyAt(TEN_O_CLOCK, NO_PROJECT), new UsageTotals(300, 30, 3000, 12, 2, 2)));
    }

    @Test
    void countsDistinctTasksButEveryEvent() {
        // Two events of one task in one key cannot come from task_usage (its unique key includes
        // provider and model); the reference still defines what each count means.
        Map<BucketKey, UsageTotals> rollup = ReferenceRollup.of(List.of(
                usage(firstTask, TEN_O_CLOCK, NO_PROJECT, 1, 0, 0, 0),
                usage(firstTask, TEN_O_CLOCK.plusSeconds(60), NO_PROJECT, 1, 0, 0, 0),
                usage(secondTask, TEN_O_CLOCK.plusSeconds(120), NO_PROJECT, 1, 0, 0, 0)));

        UsageTotals totals = rollup.get(keyAt(TEN_O_CLOCK, NO_PROJECT));
        assertThat(totals.taskCount()).isEqualTo(2);
        assertThat(totals.eventCount()).isEqualTo(3);
    }

    @Test
    void usageOutsideAnyProjectIsAKeyOfItsOwn() {
        Map<BucketKey, UsageTotals> rollup = ReferenceRollup.of(List.of(
                usage(firstTask, TEN_O_CLOCK, PROJECT, 400, 40, 0, 0),
                usage(secondTask, TEN_O_CLOCK, NO_PROJECT, 60, 6, 0, 0)));

        assertThat(rollup).containsOnly(
                entry(keyAt(TEN_O_CLOCK, PROJECT), new UsageTotals(400, 40, 0, 0, 1, 1)),
                entry(keyAt(TEN_O_CLOCK, NO_PROJECT), new UsageTotals(60, 6, 0, 0, 1, 1)));
    }

    @Test
    void rowsComeInKeyOrderHourFirstAndTheNullProjectBeforeAnyProject() {
        Map<BucketKey, UsageTotals> rollup = ReferenceRollup.of(List.of(
                usage(firstTask, ELEVEN_O_CLOCK, NO_PROJECT, 1, 0, 0, 0),
                usage(firstTask, TEN_O_CLOCK, PROJECT, 1, 0, 0, 0),
                usage(secondTask, TEN_O_CLOCK, NO_PROJECT, 1, 0, 0, 0)));

        assertThat(rollup.keySet()).containsExactly(
                keyAt(TEN_O_CLOCK, NO_PROJECT), keyAt(TEN_O_CLOCK, PROJECT), keyAt(ELEVEN_O_CLOCK, NO_PROJECT));
    }

    @Test
    void recomputingTheSameEventsReplacesTheRowsAndNeverAddsToThem() {
        List<UsageEvent> events = List.of(usage(firstTask, TEN_O_CLOCK, NO_PROJECT, 250, 20, 0, 0));

        Map<BucketKey, UsageTotals> first = ReferenceRollup.of(events);
        Map<BucketKey, UsageTotals> second = ReferenceRollup.of(events);

        assertThat(second).isEqualTo(first)
                .containsOnly(entry(keyAt(TEN_O_CLOCK, NO_PROJECT), new UsageTotals(250, 20, 0, 0, 1, 1)));
    }

    @Test
    void aTokenSumThatOverflowsABigintFailsInsteadOfWrappingAround() {
        List<UsageEvent> events = List.of(
                usage(firstTask, TEN_O_CLOCK, NO_PROJECT, Long.MAX_VALUE, 0, 0, 0),
                usage(secondTask, TEN_O_CLOCK, NO_PROJECT, 1, 0, 0, 0));

        assertThatExceptionOfType(ArithmeticException.class).isThrownBy(() -> ReferenceRollup.of(events));
    }

    private static UsageEvent usage(
            UUID taskId, Instant createdAt, UUID projectId, long input, long output, long cacheRead, long cacheWrite) {
        return new UsageEvent(taskId, createdAt, WORKSPACE, RUNTIME, AGENT, projectId, PROVIDER, MODEL,
                input, output, cacheRead, cacheWrite);
    }

    private static BucketKey keyAt(Instant hour, UUID projectId) {
        return new BucketKey(hour, WORKSPACE, RUNTIME, AGENT, projectId, PROVIDER, MODEL);
    }
}
