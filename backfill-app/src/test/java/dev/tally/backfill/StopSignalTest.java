package dev.tally.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StopSignalTest {

    private final StopSignal stop = new StopSignal();

    @Test
    void aStopWhileSlicesRunIsRequestedAndCutsThePauseShort() throws Exception {
        CountDownLatch slicing = new CountDownLatch(1);
        CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(() -> stop.whileSlicing(() -> {
            slicing.countDown();
            stop.pause(Duration.ofHours(1));
            return stop.isRequested();
        }));
        assertThat(slicing.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(stop.requestIfSlicing()).as("there is a run to wait for").isTrue();

        assertThat(run.get(10, TimeUnit.SECONDS)).as("the pause ended early and the run sees the stop").isTrue();
    }

    @Test
    void aSignalBeforeOrAfterTheSlicesHasNothingToWaitFor() {
        assertThat(stop.requestIfSlicing()).isFalse();
        stop.whileSlicing(() -> null);

        assertThat(stop.requestIfSlicing()).isFalse();
        assertThat(stop.isRequested()).isFalse();
    }
}
