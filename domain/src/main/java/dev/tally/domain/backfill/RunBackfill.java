package dev.tally.domain.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a plan period by period (the slices of every workspace for one period in one transaction),
 * skipping slices an interrupted attempt already committed, stopping cleanly between periods on
 * request, and pausing between periods so ticks and writers get their turn. A run that covered everything advances the watermark to the run's horizon; a partial run
 * leaves it alone, and nothing moves it backwards.
 */
public final class RunBackfill {

    private final BackfillStore store;
    private final PlanBackfill planner;
    private final Consumer<Duration> pause;

    public RunBackfill(BackfillStore store, Consumer<Duration> pause) {
        this.store = Objects.requireNonNull(store, "store");
        this.planner = new PlanBackfill(store);
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public BackfillOutcome run(BackfillPlan plan, Duration pauseBetweenSlices, BooleanSupplier stopRequested,
            BackfillProgress progress) {
        String runKey = plan.request().runKey();
        Instant horizon = store.startRun(runKey);
        Set<BackfillSlice> done = store.completedSlices(runKey);
        // The watermark may only pass changes some slice covers. A plan made before the horizon was
        // fixed misses what committed in between (an hour of usage past its end, a new workspace)
        // although it is older than the horizon, so a run that advances the watermark plans again
        // now. A partial run leaves the watermark, so its plan stands.
        List<BackfillSlice> slices = plan.request().coversEverything()
                ? planner.slices(plan.request())
                : plan.slices();
        Counts counts = new Counts();
        for (int start = 0, end; start < slices.size(); start = end) {
            end = endOfPeriod(slices, start);
            List<Integer> pending = new ArrayList<>();
            for (int i = start; i < end; i++) {
                if (done.contains(slices.get(i))) {
                    counts.skipped++;
                    progress.sliceSkipped(i + 1, slices.size(), slices.get(i));
                } else {
                    pending.add(i);
                }
            }
            if (pending.isEmpty()) {
                continue;
            }
            if (counts.run > 0 && !pauseBetweenSlices.isZero()) {
                pause.accept(pauseBetweenSlices);
            }
            if (stopRequested.getAsBoolean()) {
                return new BackfillOutcome.Stopped(counts.run, slices.size() - pending.get(0));
            }
            List<SliceResult> results = store.runSlices(runKey, pending.stream().map(slices::get).toList());
            for (int k = 0; k < pending.size(); k++) {
                counts.add(results.get(k));
                progress.sliceDone(pending.get(k) + 1, slices.size(), slices.get(pending.get(k)), results.get(k));
            }
        }
        store.finishRun(runKey);
        Optional<Instant> watermark = plan.request().coversEverything()
                ? Optional.of(store.advanceWatermark(horizon))
                : Optional.empty();
        return new BackfillOutcome.Finished(counts.run, counts.skipped, counts.rawRows, counts.written, counts.deleted,
                watermark);
    }

    /** The index after the last slice of the period that starts at {@code start}. */
    private static int endOfPeriod(List<BackfillSlice> slices, int start) {
        int end = start + 1;
        while (end < slices.size() && slices.get(end).samePeriodAs(slices.get(start))) {
            end++;
        }
        return end;
    }

    /** What a run has done so far. */
    private static final class Counts {
        int run;
        int skipped;
        long rawRows;
        long written;
        long deleted;

        void add(SliceResult result) {
            run++;
            rawRows += result.rawRows();
            written += result.rowsWritten();
            deleted += result.rowsDeleted();
        }
    }
}
