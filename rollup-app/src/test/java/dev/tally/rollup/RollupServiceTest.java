package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.rollup.RecomputeCounts;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.TickWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RollupServiceTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final long WAIT_SECONDS = 10;
    /** How long a test watches for a tick that must not come. */
    private static final long QUIET_MILLIS = 300;

    @Test
    void whileBehindTheNextTickStartsAtOnceAndOnceCaughtUpItWaitsForTheInterval() throws Exception {
        ScriptedTicks ticks = new ScriptedTicks(List.of(behind(), behind(), caughtUp()));
        RollupService service = new RollupService(ticks, AN_HOUR);

        CompletableFuture<Void> run = CompletableFuture.runAsync(service::runUntilStopped);

        assertThat(ticks.awaitCount(3)).as("three ticks without waiting for the hour").isTrue();
        Thread.sleep(QUIET_MILLIS);
        assertThat(ticks.count()).as("no tick before the interval once caught up").isEqualTo(3);
        assertThat(service.stop(GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @MethodSource("failedAndSkipped")
    void aFailedOrSkippedTickIsFollowedOnlyAfterTheInterval(TickOutcome outcome) throws Exception {
        ScriptedTicks ticks = new ScriptedTicks(List.of(outcome));
        RollupService service = new RollupService(ticks, AN_HOUR);

        CompletableFuture<Void> run = CompletableFuture.runAsync(service::runUntilStopped);

        assertThat(ticks.awaitCount(1)).isTrue();
        Thread.sleep(QUIET_MILLIS);
        assertThat(ticks.count()).isEqualTo(1);
        assertThat(service.stop(GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static List<TickOutcome> failedAndSkipped() {
        return List.of(failed(), skipped());
    }

    @Test
    void stopLetsTheTickInFlightFinishAndStartsNoOther() throws Exception {
        CountDownLatch tickStarted = new CountDownLatch(1);
        CountDownLatch finishTick = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        RollupService service = new RollupService(() -> {
            ticks.incrementAndGet();
            tickStarted.countDown();
            await(finishTick);
            return behind();
        }, AN_HOUR);
        CompletableFuture<Void> run = CompletableFuture.runAsync(service::runUntilStopped);
        assertThat(tickStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> service.stop(GRACE));
        Thread.sleep(QUIET_MILLIS);
        assertThat(stop).as("stop waits for the tick in flight").isNotDone();
        assertThat(run).isNotDone();

        finishTick.countDown();
        assertThat(stop.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(ticks).as("the tick was behind, yet no other started after the stop").hasValue(1);
    }

    @Test
    void whatEscapesATickEndsTheRunWithItInsteadOfSilentlyStoppingTheTicks() {
        RollupService service = new RollupService(() -> {
            throw new IllegalStateException("a defect in the tick");
        }, AN_HOUR);

        assertThatThrownBy(service::runUntilStopped)
                .isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("a defect in the tick");
        assertThat(service.stop(GRACE)).as("there was no run left to stop").isFalse();
    }

    @Test
    void tickOnceRunsOneTickOnTheCallingThreadAndReturnsItsOutcome() {
        TickOutcome outcome = failed();
        RollupService service = new RollupService(() -> outcome, AN_HOUR);

        assertThat(service.tickOnce()).isSameAs(outcome);
    }

    private static TickOutcome behind() {
        return new TickOutcome.Completed(aWindow(), new RecomputeCounts(2, 2, 0), Duration.ofMillis(5), false);
    }

    private static TickOutcome caughtUp() {
        return new TickOutcome.Completed(aWindow(), new RecomputeCounts(1, 1, 0), Duration.ofMillis(5), true);
    }

    private static TickOutcome failed() {
        return new TickOutcome.Failed("ERROR: canceling statement due to statement timeout", Duration.ofMillis(5));
    }

    private static TickOutcome skipped() {
        return new TickOutcome.Skipped(Duration.ofMillis(1));
    }

    private static TickWindow aWindow() {
        Instant from = Instant.parse("2026-03-10T00:00:00Z");
        return new TickWindow(from, from.plus(Duration.ofDays(1)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Hands out the scripted outcomes in order, then repeats the last one; counts the ticks. */
    private static final class ScriptedTicks implements Supplier<TickOutcome> {

        private final Queue<TickOutcome> script;
        private final AtomicInteger count = new AtomicInteger();
        private TickOutcome last;

        ScriptedTicks(List<TickOutcome> script) {
            this.script = new ArrayDeque<>(script);
        }

        @Override
        public synchronized TickOutcome get() {
            if (!script.isEmpty()) {
                last = script.remove();
            }
            count.incrementAndGet();
            return last;
        }

        int count() {
            return count.get();
        }

        boolean awaitCount(int expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            while (count.get() < expected && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            return count.get() >= expected;
        }
    }
}
