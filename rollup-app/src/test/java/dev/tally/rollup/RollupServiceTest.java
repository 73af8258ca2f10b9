package dev.tally.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.domain.rollup.RecomputeCounts;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.domain.rollup.TickWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RollupServiceTest {

    private static final Duration AN_HOUR = Duration.ofHours(1);
    private static final Backoff FAST_BACKOFF = new Backoff(Duration.ofMillis(20), Duration.ofMillis(80));
    private static final BooleanSupplier READY = () -> true;
    private static final Duration GRACE = Duration.ofSeconds(10);
    private static final long WAIT_SECONDS = 10;
    /** How long a test watches for a tick that must not come. */
    private static final long QUIET_MILLIS = 300;

    @Test
    void whileBehindTheNextTickStartsAtOnceAndOnceCaughtUpItWaitsForTheInterval() throws Exception {
        ScriptedTicks ticks = new ScriptedTicks(List.of(behind(), behind(), caughtUp()));
        RollupService service = service(ticks, AN_HOUR);

        CompletableFuture<Void> run = runAsync(service);

        assertThat(ticks.awaitCount(3)).as("three ticks without waiting for the hour").isTrue();
        Thread.sleep(QUIET_MILLIS);
        assertThat(ticks.count()).as("no tick before the interval once caught up").isEqualTo(3);
        assertThat(stop(service, GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aSkippedTickIsFollowedOnlyAfterTheInterval() throws Exception {
        ScriptedTicks ticks = new ScriptedTicks(List.of(skipped()));
        RollupService service = service(ticks, AN_HOUR);

        CompletableFuture<Void> run = runAsync(service);

        assertThat(ticks.awaitCount(1)).isTrue();
        Thread.sleep(QUIET_MILLIS);
        assertThat(ticks.count()).isEqualTo(1);
        assertThat(stop(service, GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void failedTicksAreRetriedWithGrowingBackoffLongBeforeTheIntervalAndASuccessEndsTheBackoff() throws Exception {
        ScriptedTicks ticks = new ScriptedTicks(List.of(failed(), failed(), failed(), failed(), caughtUp()));
        RollupService service = service(ticks, AN_HOUR);

        CompletableFuture<Void> run = runAsync(service);

        assertThat(ticks.awaitCount(5)).as("four retries, not an hour apart").isTrue();
        List<Long> gaps = ticks.gapsMillis();
        assertThat(gaps.get(0)).as("after the first failure").isBetween(20L, 1_000L);
        assertThat(gaps.get(1)).as("after the second, twice as long").isGreaterThanOrEqualTo(40L);
        assertThat(gaps.get(3)).as("capped at the backoff's maximum").isBetween(80L, 1_000L);
        Thread.sleep(QUIET_MILLIS);
        assertThat(ticks.count()).as("once a tick succeeds, the interval applies again").isEqualTo(5);
        assertThat(stop(service, GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aRetryIsNeverLaterThanTheInterval() throws Exception {
        ScriptedTicks ticks = new ScriptedTicks(List.of(failed()));
        RollupService service = new RollupService(ticks, outcome -> { }, Duration.ofMillis(30),
                new Backoff(Duration.ofHours(1), Duration.ofHours(2)));

        CompletableFuture<Void> run = runAsync(service);

        assertThat(ticks.awaitCount(3)).as("retried every 30 ms, not after an hour").isTrue();
        assertThat(stop(service, GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void everyOutcomeGoesToTheListenerInOrder() throws Exception {
        List<TickOutcome> script = List.of(behind(), failed(), skipped());
        List<TickOutcome> heard = new CopyOnWriteArrayList<>();
        RollupService service = new RollupService(new ScriptedTicks(script), heard::add, Duration.ofMillis(10),
                FAST_BACKOFF);

        CompletableFuture<Void> run = runAsync(service);

        for (int i = 0; i < 500 && heard.size() < 3; i++) {
            Thread.sleep(10);
        }
        assertThat(stop(service, GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(heard).startsWith(script.toArray(TickOutcome[]::new));
    }

    @Test
    void startUpIsRetriedWithBackoffUntilReadyAndTicksOnlyBeginAfterwards() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ScriptedTicks ticks = new ScriptedTicks(List.of(caughtUp()));
        RollupService service = service(ticks, AN_HOUR);

        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> service.runUntilStopped(() -> {
            assertThat(ticks.count()).as("no tick before start-up succeeds").isZero();
            return attempts.incrementAndGet() >= 3;
        }));

        assertThat(ticks.awaitCount(1)).isTrue();
        assertThat(attempts).hasValue(3);
        assertThat(stop(service, GRACE)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aStartUpThatFailsEndsTheRunWithItsError() {
        RollupService service = service(new ScriptedTicks(List.of(caughtUp())), AN_HOUR);

        assertThatThrownBy(() -> service.runUntilStopped(() -> {
            throw new IllegalStateException("the database schema is behind this release");
        })).isInstanceOf(CompletionException.class).hasRootCauseMessage("the database schema is behind this release");
    }

    @Test
    void stopLetsTheTickInFlightFinishAndStartsNoOther() throws Exception {
        CountDownLatch tickStarted = new CountDownLatch(1);
        CountDownLatch finishTick = new CountDownLatch(1);
        AtomicInteger ticks = new AtomicInteger();
        RollupService service = service(() -> {
            ticks.incrementAndGet();
            tickStarted.countDown();
            await(finishTick);
            return behind();
        }, AN_HOUR);
        CompletableFuture<Void> run = runAsync(service);
        assertThat(tickStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Boolean> stop = CompletableFuture.supplyAsync(() -> stop(service, GRACE));
        Thread.sleep(QUIET_MILLIS);
        assertThat(stop).as("stop waits for the tick in flight").isNotDone();
        assertThat(run).isNotDone();

        finishTick.countDown();
        assertThat(stop.get(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(ticks).as("the tick was behind, yet no other started after the stop").hasValue(1);
    }

    @Test
    void aTickStillRunningWhenTheGraceEndsIsCancelledAndTheStopWaitsForItToEnd() throws Exception {
        CountDownLatch tickStarted = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        RollupService service = new RollupService(() -> {
            tickStarted.countDown();
            await(cancelled);
            return failed();
        }, outcome -> { }, AN_HOUR, FAST_BACKOFF);
        CompletableFuture<Void> run = runAsync(service);
        assertThat(tickStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        assertThat(new GracefulStop(service, cancelled::countDown).stop(Duration.ofMillis(100))).isTrue();

        assertThat(cancelled.getCount()).as("the tick was cancelled").isZero();
        run.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void whatEscapesATickEndsTheRunWithItInsteadOfSilentlyStoppingTheTicks() {
        RollupService service = service(() -> {
            throw new IllegalStateException("a defect in the tick");
        }, AN_HOUR);

        assertThatThrownBy(() -> service.runUntilStopped(READY))
                .isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("a defect in the tick");
        assertThat(stop(service, GRACE)).as("there was no run left to stop").isFalse();
    }

    @Test
    void tickOnceRunsOneTickOnTheCallingThreadAndReturnsItsOutcome() {
        TickOutcome outcome = failed();
        List<TickOutcome> heard = new ArrayList<>();
        RollupService service = new RollupService(() -> outcome, heard::add, AN_HOUR, FAST_BACKOFF);

        assertThat(service.tickOnce()).isSameAs(outcome);
        assertThat(heard).containsExactly(outcome);
    }

    private static RollupService service(Supplier<TickOutcome> ticks, Duration interval) {
        return new RollupService(ticks, outcome -> { }, interval, FAST_BACKOFF);
    }

    /** A stop with nothing to cancel, as {@code GracefulStop} runs it. */
    private static boolean stop(RollupService service, Duration grace) {
        return new GracefulStop(service, () -> { }).stop(grace);
    }

    private static CompletableFuture<Void> runAsync(RollupService service) {
        return CompletableFuture.runAsync(() -> service.runUntilStopped(READY));
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
        private final List<Long> startedNanos = new CopyOnWriteArrayList<>();
        private TickOutcome last;

        ScriptedTicks(List<TickOutcome> script) {
            this.script = new ArrayDeque<>(script);
        }

        @Override
        public synchronized TickOutcome get() {
            if (!script.isEmpty()) {
                last = script.remove();
            }
            startedNanos.add(System.nanoTime());
            count.incrementAndGet();
            return last;
        }

        /** The time between the starts of consecutive ticks. */
        List<Long> gapsMillis() {
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < startedNanos.size(); i++) {
                gaps.add(TimeUnit.NANOSECONDS.toMillis(startedNanos.get(i) - startedNanos.get(i - 1)));
            }
            return gaps;
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
