package dev.tally.rollup;

import dev.tally.domain.rollup.TickOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The meters of this process's ticks: how many ended how, how long they took, how many hourly rows
 * they wrote and deleted, and how often one stopped at the window cap (not caught up). Every meter
 * exists from the start, at zero, so alerts on them have a series to look at.
 */
public final class TickMetrics implements Consumer<TickOutcome> {

    static final String COMPLETED = "completed";
    static final String SKIPPED = "skipped";
    static final String FAILED = "failed";
    private static final List<String> OUTCOMES = List.of(COMPLETED, SKIPPED, FAILED);

    private final Map<String, Counter> ticks;
    private final Map<String, Timer> durations;
    private final DistributionSummary rowsWritten;
    private final DistributionSummary rowsDeleted;
    private final Counter capHits;

    public TickMetrics(MeterRegistry registry) {
        this.ticks = byOutcome(outcome -> Counter.builder("tally.rollup.ticks")
                .description("Ticks of this process, by how they ended")
                .tag("outcome", outcome)
                .register(registry));
        this.durations = byOutcome(outcome -> Timer.builder("tally.rollup.tick.duration")
                .description("How long this process's ticks took, commit included")
                .tag("outcome", outcome)
                .register(registry));
        this.rowsWritten = rows(registry, "written");
        this.rowsDeleted = rows(registry, "deleted");
        this.capHits = Counter.builder("tally.rollup.tick.cap.hits")
                .description("Completed ticks that stopped at --max-window, still behind (the next follows at once)")
                .register(registry);
    }

    /** The tick is counted last, so that a scrape never sees a counted tick without its details. */
    @Override
    public void accept(TickOutcome outcome) {
        String name = outcomeOf(outcome);
        durations.get(name).record(durationOf(outcome));
        if (outcome instanceof TickOutcome.Completed completed) {
            rowsWritten.record(completed.counts().rowsWritten());
            rowsDeleted.record(completed.counts().rowsDeleted());
            if (!completed.caughtUp()) {
                capHits.increment();
            }
        }
        ticks.get(name).increment();
    }

    /** The word logs, metrics and health use for how a tick ended. */
    static String outcomeOf(TickOutcome outcome) {
        if (outcome instanceof TickOutcome.Completed) {
            return COMPLETED;
        }
        return outcome instanceof TickOutcome.Skipped ? SKIPPED : FAILED;
    }

    private static Duration durationOf(TickOutcome outcome) {
        if (outcome instanceof TickOutcome.Completed completed) {
            return completed.duration();
        }
        return outcome instanceof TickOutcome.Skipped skipped ? skipped.duration() : ((TickOutcome.Failed) outcome).duration();
    }

    private static <M> Map<String, M> byOutcome(Function<String, M> meter) {
        return OUTCOMES.stream().collect(Collectors.toUnmodifiableMap(outcome -> outcome, meter));
    }

    private static DistributionSummary rows(MeterRegistry registry, String change) {
        return DistributionSummary.builder("tally.rollup.tick.rows")
                .description("Hourly rows a completed tick wrote (inserted or replaced) or deleted")
                .tag("change", change)
                .register(registry);
    }
}
