package dev.tally.domain.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RunRollupTickTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration LAG = Duration.ofMinutes(5);
    private static final Duration MAX_WINDOW = Duration.ofDays(1);
    private static final RollupPolicy POLICY = new RollupPolicy(LAG, MAX_WINDOW);
    private static final RecomputeCounts COUNTS = new RecomputeCounts(3, 2, 1);

    // underTickLock is a generic method, so a fake store has to be a class rather than a lambda.
    private static final HourlyRollupStore LOCK_HELD_ELSEWHERE = new HourlyRollupStore() {
        @Override
        public <T> Optional<T> underTickLock(Function<TickTransaction, T> work) {
            return Optional.empty();
        }
    };

    private final List<RecordedFailure> recordedFailures = new ArrayList<>();
    private final RollupFailureLog failureLog =
            (startedAt, error) -> recordedFailures.add(new RecordedFailure(startedAt, error));

    @Test
    void aCompletedTickCarriesThePolicysWindowTheCountsAndThatItCaughtUp() {
        Instant watermark = NOW.minus(Duration.ofHours(1));
        FakeTickTransaction transaction = new FakeTickTransaction(changesSince(watermark), window -> COUNTS);
        TickWindow upToTheLag = new TickWindow(watermark, NOW.minus(LAG));

        TickOutcome outcome = tick(storeWithFreeLock(transaction));

        assertThat(outcome).isEqualTo(new TickOutcome.Completed(upToTheLag, COUNTS, Duration.ZERO, true));
        assertThat(transaction.recomputedWindows).containsExactly(upToTheLag);
        assertThat(transaction.recordedSuccesses).containsExactly(new RecordedSuccess(upToTheLag, COUNTS));
        assertThat(recordedFailures).isEmpty();
    }

    @Test
    void aTickStoppedByTheMaxWindowHasNotCaughtUp() {
        Instant watermark = NOW.minus(Duration.ofDays(3));
        FakeTickTransaction transaction = new FakeTickTransaction(changesSince(watermark), window -> COUNTS);
        TickWindow oneDay = new TickWindow(watermark, watermark.plus(MAX_WINDOW));

        TickOutcome outcome = tick(storeWithFreeLock(transaction));

        assertThat(outcome).isEqualTo(new TickOutcome.Completed(oneDay, COUNTS, Duration.ZERO, false));
        assertThat(transaction.recordedSuccesses).containsExactly(new RecordedSuccess(oneDay, COUNTS));
    }

    @Test
    void aTickSkipsWhenAnotherTickerHoldsTheLock() {
        TickOutcome outcome = tick(LOCK_HELD_ELSEWHERE);

        assertThat(outcome).isEqualTo(new TickOutcome.Skipped(Duration.ZERO));
        assertThat(recordedFailures).isEmpty();
    }

    @Test
    void aFailedTickRecordsTheInnermostCauseAndNoSuccess() {
        FakeTickTransaction transaction = transactionFailingWith(new IllegalStateException("tick failed",
                new RuntimeException("could not execute statement", new RuntimeException("ERROR: deadlock detected"))));

        TickOutcome outcome = tick(storeWithFreeLock(transaction));

        assertThat(outcome).isEqualTo(new TickOutcome.Failed("ERROR: deadlock detected", Duration.ZERO));
        assertThat(recordedFailures).containsExactly(new RecordedFailure(NOW, "ERROR: deadlock detected"));
        assertThat(transaction.recordedSuccesses).isEmpty();
    }

    @Test
    void aFailureWithoutAMessageIsNamedByItsType() {
        FakeTickTransaction transaction = transactionFailingWith(new UnsupportedOperationException());

        TickOutcome outcome = tick(storeWithFreeLock(transaction));

        assertThat(outcome).isEqualTo(new TickOutcome.Failed("UnsupportedOperationException", Duration.ZERO));
    }

    @Test
    void aTickWhoseFailureCannotBeRecordedStillFailsAndSaysWhyForBoth() {
        FakeTickTransaction transaction = transactionFailingWith(new RuntimeException("ERROR: deadlock detected"));
        RollupFailureLog unreachableLog = (startedAt, error) -> {
            throw new IllegalStateException("could not record", new RuntimeException("Connection refused"));
        };

        TickOutcome outcome = new RunRollupTick(storeWithFreeLock(transaction), unreachableLog, POLICY, CLOCK).tick();

        assertThat(outcome).isInstanceOfSatisfying(TickOutcome.Failed.class, failed ->
                assertThat(failed.error()).contains("ERROR: deadlock detected", "Connection refused"));
    }

    private TickOutcome tick(HourlyRollupStore store) {
        return new RunRollupTick(store, failureLog, POLICY, CLOCK).tick();
    }

    private static HourlyRollupStore storeWithFreeLock(TickTransaction transaction) {
        return new HourlyRollupStore() {
            @Override
            public <T> Optional<T> underTickLock(Function<TickTransaction, T> work) {
                return Optional.of(work.apply(transaction));
            }
        };
    }

    /** Progress with raw changes from the watermark on and no transaction open. */
    private static RollupProgress changesSince(Instant watermark) {
        return new RollupProgress(watermark, NOW, Optional.of(watermark), Optional.empty());
    }

    private static FakeTickTransaction transactionFailingWith(RuntimeException failure) {
        return new FakeTickTransaction(changesSince(NOW.minus(Duration.ofHours(1))), window -> {
            throw failure;
        });
    }

    private record RecordedFailure(Instant startedAt, String error) {
    }

    private record RecordedSuccess(TickWindow window, RecomputeCounts counts) {
    }

    /** Reports fixed progress, recomputes as told and remembers what the tick asked of it. */
    private static final class FakeTickTransaction implements TickTransaction {

        private final RollupProgress progress;
        private final Function<TickWindow, RecomputeCounts> recompute;
        private final List<TickWindow> recomputedWindows = new ArrayList<>();
        private final List<RecordedSuccess> recordedSuccesses = new ArrayList<>();

        FakeTickTransaction(RollupProgress progress, Function<TickWindow, RecomputeCounts> recompute) {
            this.progress = progress;
            this.recompute = recompute;
        }

        @Override
        public RollupProgress progress() {
            return progress;
        }

        @Override
        public RecomputeCounts recompute(TickWindow window) {
            recomputedWindows.add(window);
            return recompute.apply(window);
        }

        @Override
        public void recordSuccess(TickWindow window, RecomputeCounts counts) {
            recordedSuccesses.add(new RecordedSuccess(window, counts));
        }
    }
}
