package dev.tally.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.backfill.BackfillSlice;
import dev.tally.domain.backfill.SliceResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    private static final BackfillSlice A_SLICE = new BackfillSlice(UUID.fromString("00000000-0000-0000-0000-00000000000a"),
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-08T00:00:00Z"));

    private final MovableClock clock = new MovableClock();
    private final ByteArrayOutputStream shown = new ByteArrayOutputStream();
    private final ProgressBar bar = new ProgressBar(new PrintStream(shown, true, UTF_8), new Throughput(clock));

    @Test
    void eachSliceRedrawsOneLineWithTheRateAndTheTimeLeft() {
        clock.advance(Duration.ofSeconds(10));
        bar.sliceDone(1, 4, A_SLICE, new SliceResult(20_000, 300, 2));
        clock.advance(Duration.ofSeconds(10));
        bar.sliceDone(2, 4, A_SLICE, new SliceResult(20_000, 300, 2));

        assertThat(shown()).isEqualTo(
                "\r[#######-----------------------] 1/4 slices  2,000 raw rows/s, ETA 30 s"
                + "\r[###############---------------] 2/4 slices  2,000 raw rows/s, ETA 20 s");
    }

    @Test
    void skippedSlicesMoveTheBarWithoutATimeLeftUntilASliceHasRun() {
        bar.sliceSkipped(1, 2, A_SLICE);

        assertThat(shown()).isEqualTo("\r[###############---------------] 1/2 slices  0 raw rows/s, ETA --");
    }

    @Test
    void aShorterLineRubsOutTheTailOfTheLongerOneBeforeItAndTheEndStartsANewLine() {
        clock.advance(Duration.ofSeconds(1));
        bar.sliceDone(1, 10, A_SLICE, new SliceResult(5_000_000, 0, 0));
        clock.advance(Duration.ofSeconds(1000));
        bar.sliceDone(10, 10, A_SLICE, new SliceResult(0, 0, 0));
        bar.end();

        String[] lines = shown().split("\r");
        assertThat(lines[2]).hasSameSizeAs(lines[1] + System.lineSeparator()).endsWith(" " + System.lineSeparator());
    }

    @Test
    void endingWithoutAnySliceShowsNothing() {
        bar.end();

        assertThat(shown()).isEmpty();
    }

    private String shown() {
        return shown.toString(UTF_8);
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-03-10T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
