package dev.tally.domain.backfill;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.partitioningBy;
import static java.util.stream.Collectors.toList;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Runs a plan: first reads the sums of every slice still to run in one pass with no lock, then
 * merges them period by period (the slices of every workspace for one period in one transaction),
 * skipping slices an interrupted attempt already committed, stopping cleanly between periods on
 * request, and pausing between periods so ticks and writers get their turn. A run that covered
 * everything advances the watermark to the run's horizon; a partial run leaves it alone, and nothing
 * moves it backwards.
 */
public final class RunBackfill {

    private final PlanBackfill planner;
    private final BackfillRuns runs;
    private final SliceRunner slices;
    private final RollupWatermark watermark;
    private final Consumer<Duration> pause;

    public RunBackfill(PlanBackfill planner, BackfillRuns runs, SliceRunner slices, RollupWatermark watermark,
            Consumer<Duration> pause) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.slices = Objects.requireNonNull(slices, "slices");
        this.watermark = Objects.requireNonNull(watermark, "watermark");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public BackfillOutcome run(BackfillPlan plan, Duration pauseBetweenSlices, BooleanSupplier stopRequested,
            BackfillProgress progress) {
        String runKey = plan.request().runKey();
        Instant horizon = runs.startRun(runKey);
        Set<BackfillSlice> done = runs.completedSlices(runKey);
        // The watermark may only pass changes some slice covers. A plan made before the horizon was
        // fixed misses what committed in between (an hour of usage past its end, a new workspace)
        // although it is older than the horizon, so a run that advances the watermark plans again
        // now. A partial run leaves the watermark, so its plan stands.
        List<BackfillSlice> planned = plan.request().coversEverything()
                ? planner.uncounted(plan.request()).slices()
                : plan.slices();
        int total = planned.size();
        List<BackfillSlice> toRun = planned.stream().filter(slice -> !done.contains(slice)).toList();
        if (!toRun.isEmpty()) {
            progress.staging(toRun.size());
            long started = System.nanoTime();
            long rawRows = slices.stage(runKey, toRun);
            progress.staged(rawRows, Duration.ofNanos(System.nanoTime() - started));
        }
        RunCounts counts = RunCounts.NONE;
        for (List<Numbered> period : periods(planned)) {
            Map<Boolean, List<Numbered>> committed = period.stream()
                    .collect(partitioningBy(numbered -> done.contains(numbered.slice())));
            committed.get(true).forEach(skipped -> progress.sliceSkipped(skipped.position(), total, skipped.slice()));
            counts = counts.skipping(committed.get(true).size());
            List<Numbered> pending = committed.get(false);
            if (pending.isEmpty()) {
                continue;
            }
            if (counts.slicesRun() > 0 && !pauseBetweenSlices.isZero()) {
                pause.accept(pauseBetweenSlices);
            }
            if (stopRequested.getAsBoolean()) {
                return new BackfillOutcome.Stopped(counts.slicesRun(), total - pending.get(0).position() + 1);
            }
            List<SliceResult> results = slices.runSlices(runKey, pending.stream().map(Numbered::slice).toList());
            IntStream.range(0, pending.size()).forEach(k ->
                    progress.sliceDone(pending.get(k).position(), total, pending.get(k).slice(), results.get(k)));
            counts = counts.plus(results);
        }
        runs.finishRun(runKey);
        Optional<Instant> advancedTo = plan.request().coversEverything()
                ? Optional.of(watermark.advanceTo(horizon))
                : Optional.empty();
        return counts.finished(advancedTo);
    }

    /** The slices, numbered from 1 in plan order, grouped by the period they cover, periods in plan order. */
    private static Collection<List<Numbered>> periods(List<BackfillSlice> planned) {
        return IntStream.range(0, planned.size())
                .mapToObj(index -> new Numbered(index + 1, planned.get(index)))
                .collect(groupingBy(numbered -> new Period(numbered.slice().from(), numbered.slice().to()),
                        LinkedHashMap::new, toList()))
                .values();
    }

    /** A slice and its position in the plan, which progress reports show. */
    private record Numbered(int position, BackfillSlice slice) {
    }

    private record Period(Instant from, Instant to) {
    }

    /** What a run has done so far. */
    private record RunCounts(int slicesRun, int slicesSkipped, long rawRows, long rowsWritten, long rowsDeleted) {

        static final RunCounts NONE = new RunCounts(0, 0, 0, 0, 0);

        RunCounts skipping(int slices) {
            return new RunCounts(slicesRun, slicesSkipped + slices, rawRows, rowsWritten, rowsDeleted);
        }

        RunCounts plus(List<SliceResult> committed) {
            return new RunCounts(slicesRun + committed.size(), slicesSkipped,
                    rawRows + committed.stream().mapToLong(SliceResult::rawRows).sum(),
                    rowsWritten + committed.stream().mapToLong(SliceResult::rowsWritten).sum(),
                    rowsDeleted + committed.stream().mapToLong(SliceResult::rowsDeleted).sum());
        }

        BackfillOutcome.Finished finished(Optional<Instant> watermark) {
            return new BackfillOutcome.Finished(slicesRun, slicesSkipped, rawRows, rowsWritten, rowsDeleted, watermark);
        }
    }
}
