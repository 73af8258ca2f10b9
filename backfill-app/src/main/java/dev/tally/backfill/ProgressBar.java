package dev.tally.backfill;

import dev.tally.domain.backfill.BackfillSlice;
import dev.tally.domain.backfill.SliceResult;
import java.io.PrintStream;

/** One line, redrawn with a carriage return after every slice: {@code [#####-----] 12/40 slices  3,456 raw rows/s, ETA 1m 10s}. */
final class ProgressBar implements ProgressDisplay {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final Throughput throughput;
    private int drawnLength;

    ProgressBar(PrintStream out, Throughput throughput) {
        this.out = out;
        this.throughput = throughput;
    }

    @Override
    public Throughput throughput() {
        return throughput;
    }

    @Override
    public void staging(int slicesToRun) {
        String line = "staging the sums of " + Formats.count(slicesToRun) + " slices (one read, no lock held)...";
        out.print("\r" + line);
        out.flush();
        drawnLength = line.length();
    }

    @Override
    public void sliceSkipped(int position, int total, BackfillSlice slice) {
        draw(position, total);
    }

    @Override
    public void sliceDone(int position, int total, BackfillSlice slice, SliceResult result) {
        throughput.sliceRun(result.rawRows());
        draw(position, total);
    }

    @Override
    public void end() {
        if (drawnLength > 0) {
            out.println();
            drawnLength = 0;
        }
    }

    private void draw(int position, int total) {
        int filled = WIDTH * position / total;
        String line = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + position + "/" + total
                + " slices  " + ProgressDisplay.pace(throughput, total - position);
        // Blanks rub out the tail of a longer line drawn before.
        out.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
        out.flush();
        drawnLength = line.length();
    }
}
