package dev.tally.backfill;

import dev.tally.domain.backfill.BackfillProgress;
import java.time.Clock;

/** Shows a run's progress as its slices commit, and keeps the counts the summary reports. */
interface ProgressDisplay extends BackfillProgress {

    Throughput throughput();

    /** The run is over (finished, stopped or failed): leave the output ready for what follows. */
    default void end() {
    }

    /** A bar redrawn in place for a person at a terminal; one log line per slice for everything else. */
    static ProgressDisplay on(Terminal terminal, Clock clock) {
        Throughput throughput = new Throughput(clock);
        return terminal.interactive() ? new ProgressBar(terminal.err(), throughput) : new ProgressLog(throughput);
    }

    /** The rate and the time left, as both displays show them. */
    static String pace(Throughput throughput, int slicesLeft) {
        return Formats.count(throughput.rawRowsPerSecond()) + " raw rows/s, ETA "
                + throughput.timeLeft(slicesLeft).map(Formats::duration).orElse("--");
    }
}
