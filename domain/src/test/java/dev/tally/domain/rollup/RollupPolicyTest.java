package dev.tally.domain.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollupPolicyTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration LAG = Duration.ofMinutes(5);
    private static final Duration MAX_WINDOW = Duration.ofDays(1);
    private static final Instant HORIZON = NOW.minus(LAG);

    private final RollupPolicy policy = new RollupPolicy(LAG, MAX_WINDOW);

    @Test
    void theWindowRunsFromTheWatermarkToTheLagBehindNow() {
        Instant watermark = NOW.minus(Duration.ofHours(1));
        RollupProgress progress = progressWithFirstChangeAt(watermark, NOW.minus(Duration.ofMinutes(50)));

        TickWindow window = policy.windowFor(progress);

        assertThat(window).isEqualTo(new TickWindow(watermark, HORIZON));
        assertThat(policy.isCaughtUp(progress, window)).isTrue();
    }

    @Test
    void theWindowEndsAMaxWindowAfterTheFirstChange() {
        Instant watermark = NOW.minus(Duration.ofDays(3));
        Instant firstChange = watermark.plus(Duration.ofHours(2));
        RollupProgress progress = progressWithFirstChangeAt(watermark, firstChange);

        TickWindow window = policy.windowFor(progress);

        assertThat(window).isEqualTo(new TickWindow(watermark, firstChange.plus(MAX_WINDOW)));
        assertThat(policy.isCaughtUp(progress, window)).isFalse();
    }

    @Test
    void theOldestOpenTransactionHoldsTheHorizonBack() {
        Instant watermark = NOW.minus(Duration.ofHours(1));
        Instant oldestOpenTransaction = NOW.minus(Duration.ofMinutes(20));
        RollupProgress progress =
                new RollupProgress(watermark, NOW, Optional.of(watermark), Optional.of(oldestOpenTransaction));

        assertThat(policy.horizon(progress)).isEqualTo(oldestOpenTransaction);
        assertThat(policy.windowFor(progress)).isEqualTo(new TickWindow(watermark, oldestOpenTransaction));
    }

    @Test
    void aTransactionOpenedWithinTheLagLeavesTheHorizonAtTheLag() {
        RollupProgress progress = new RollupProgress(
                NOW.minus(Duration.ofHours(1)), NOW, Optional.empty(), Optional.of(NOW.minus(Duration.ofMinutes(1))));

        assertThat(policy.horizon(progress)).isEqualTo(HORIZON);
    }

    @Test
    void theWindowIsEmptyOnceTheWatermarkHasReachedTheHorizon() {
        RollupProgress progress = progressWithNoChangeSince(HORIZON);

        TickWindow window = policy.windowFor(progress);

        assertThat(window.isEmpty()).isTrue();
        assertThat(window).isEqualTo(TickWindow.emptyAt(HORIZON));
        assertThat(policy.isCaughtUp(progress, window)).isTrue();
    }

    @Test
    void aWatermarkAheadOfTheLagStaysWhereItIs() {
        // The lag may have been raised since the watermark was written; the window must not go back.
        Instant watermark = NOW.minus(Duration.ofMinutes(2));

        assertThat(policy.windowFor(progressWithNoChangeSince(watermark))).isEqualTo(TickWindow.emptyAt(watermark));
    }

    @Test
    void aTransactionOlderThanTheWatermarkLeavesTheWatermarkWhereItIs() {
        Instant watermark = NOW.minus(Duration.ofHours(1));
        RollupProgress progress = new RollupProgress(
                watermark, NOW, Optional.of(watermark), Optional.of(watermark.minus(Duration.ofHours(1))));

        assertThat(policy.windowFor(progress)).isEqualTo(TickWindow.emptyAt(watermark));
    }

    @Test
    void anEmptySpanBeforeTheFirstChangeCostsNoTicks() {
        // From an epoch watermark, a cap counted from the watermark would end at 1970-01-02.
        Instant firstChange = Instant.parse("1972-01-01T00:00:00Z");

        TickWindow window = policy.windowFor(progressWithFirstChangeAt(Instant.EPOCH, firstChange));

        assertThat(window).isEqualTo(new TickWindow(Instant.EPOCH, Instant.parse("1972-01-02T00:00:00Z")));
    }

    @Test
    void withNoChangeAtAllTheWindowJumpsStraightToTheHorizon() {
        RollupProgress progress = progressWithNoChangeSince(Instant.EPOCH);

        TickWindow window = policy.windowFor(progress);

        assertThat(window).isEqualTo(new TickWindow(Instant.EPOCH, HORIZON));
        assertThat(policy.isCaughtUp(progress, window)).isTrue();
    }

    @Test
    void catchingUpThreeDaysOfHourlyChangesTakesThreeOrFourBoundedTicks() {
        Instant watermark = NOW.minus(Duration.ofDays(3));
        List<Instant> hourlyChanges = Stream.iterate(watermark.plus(Duration.ofMinutes(17)),
                        change -> change.isBefore(NOW), change -> change.plus(Duration.ofHours(1)))
                .toList();

        List<TickWindow> windows = new ArrayList<>();
        boolean caughtUp = false;
        // The bound stops a policy that no longer advances from looping forever.
        while (!caughtUp && windows.size() < 10) {
            RollupProgress progress =
                    new RollupProgress(watermark, NOW, firstAtOrAfter(watermark, hourlyChanges), Optional.empty());
            TickWindow window = policy.windowFor(progress);
            windows.add(window);
            caughtUp = policy.isCaughtUp(progress, window);
            watermark = window.to();
        }

        assertThat(windows).hasSizeBetween(3, 4).allSatisfy(window ->
                assertThat(Duration.between(window.from(), window.to())).isLessThanOrEqualTo(MAX_WINDOW.plusHours(1)));
        assertThat(watermark).isEqualTo(HORIZON);
    }

    @Test
    void aTickIsCaughtUpOnlyWhenItsWindowReachesTheHorizon() {
        Instant watermark = NOW.minus(Duration.ofHours(1));
        RollupProgress progress = progressWithNoChangeSince(watermark);

        assertThat(policy.isCaughtUp(progress, new TickWindow(watermark, HORIZON))).isTrue();
        assertThat(policy.isCaughtUp(progress, new TickWindow(watermark, HORIZON.minusNanos(1)))).isFalse();
    }

    @Test
    void theDefaultKeepsTheSeedsLagAndCap() {
        assertThat(RollupPolicy.DEFAULT).isEqualTo(new RollupPolicy(Duration.ofMinutes(5), Duration.ofDays(1)));
    }

    @Test
    void acceptsNoLag() {
        assertThat(new RollupPolicy(Duration.ZERO, MAX_WINDOW).horizon(progressWithNoChangeSince(Instant.EPOCH)))
                .isEqualTo(NOW);
    }

    @Test
    void rejectsANegativeLag() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RollupPolicy(Duration.ofMinutes(-1), MAX_WINDOW))
                .withMessageContaining("lag");
    }

    @ParameterizedTest(name = "maxWindow {0}")
    @ValueSource(strings = {"PT0S", "-PT1H"})
    void rejectsAMaxWindowThatIsNotPositive(Duration maxWindow) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new RollupPolicy(LAG, maxWindow))
                .withMessageContaining("maxWindow");
    }

    private static RollupProgress progressWithFirstChangeAt(Instant watermark, Instant firstChange) {
        return new RollupProgress(watermark, NOW, Optional.of(firstChange), Optional.empty());
    }

    private static RollupProgress progressWithNoChangeSince(Instant watermark) {
        return new RollupProgress(watermark, NOW, Optional.empty(), Optional.empty());
    }

    private static Optional<Instant> firstAtOrAfter(Instant watermark, List<Instant> changes) {
        return changes.stream().filter(change -> !change.isBefore(watermark)).findFirst();
    }
}
