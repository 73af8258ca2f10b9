package dev.tally.backfill;

import dev.tally.domain.backfill.BackfillSlice;
import dev.tally.domain.backfill.SliceResult;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line per slice, for logs, pipes and schedulers. */
final class ProgressLog implements ProgressDisplay {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressLog.class);

    private final Throughput throughput;

    ProgressLog(Throughput throughput) {
        this.throughput = throughput;
    }

    @Override
    public Throughput throughput() {
        return throughput;
    }

    @Override
    public void staging(int slicesToRun) {
        LOG.info("staging the sums of {} slices: one read of their raw rows, no lock held", Formats.count(slicesToRun));
    }

    @Override
    public void staged(long rawRows, Duration took) {
        LOG.info("staged {} raw rows in {}; merging period by period under the tick lock", Formats.count(rawRows),
                Formats.duration(took));
    }

    @Override
    public void sliceSkipped(int position, int total, BackfillSlice slice) {
        LOG.info("slice {}/{} {}: committed by an earlier attempt, skipped", position, total, Formats.slice(slice));
    }

    @Override
    public void sliceDone(int position, int total, BackfillSlice slice, SliceResult result) {
        throughput.sliceRun(result.rawRows());
        LOG.info("slice {}/{} {}: {} raw rows, {} rows written, {} deleted; {}", position, total, Formats.slice(slice),
                Formats.count(result.rawRows()), Formats.count(result.rowsWritten()), Formats.count(result.rowsDeleted()),
                ProgressDisplay.pace(throughput, total - position));
    }
}
