package dev.tally.backfill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The slices this attempt has run and their raw rows, against the clock: the rate and the time left that progress shows. */
final class Throughput {

    private final Clock clock;
    private final Instant started;
    private int slicesRun;
    private long rawRows;

    Throughput(Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
    }

    void sliceRun(long sliceRawRows) {
        slicesRun++;
        rawRows += sliceRawRows;
    }

    int slicesRun() {
        return slicesRun;
    }

    long rawRows() {
        return rawRows;
    }

    Duration elapsed() {
        return Duration.between(started, clock.instant());
    }

    long rawRowsPerSecond() {
        long millis = elapsed().toMillis();
        return millis == 0 ? 0 : rawRows * 1000 / millis;
    }

    /** Assumes the slices left take as long as the slices run so far, on average; empty before the first. */
    Optional<Duration> timeLeft(int slicesLeft) {
        return slicesRun == 0 ? Optional.empty() : Optional.of(elapsed().multipliedBy(slicesLeft).dividedBy(slicesRun));
    }
}
