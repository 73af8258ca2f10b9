package dev.tally.backfill;

import dev.tally.app.BadUsageException;
import dev.tally.app.CommandLines;
import dev.tally.domain.backfill.BackfillOutcome;
import dev.tally.domain.backfill.BackfillPlan;
import dev.tally.domain.backfill.BackfillRejected;
import dev.tally.domain.backfill.PlanBackfill;
import dev.tally.domain.backfill.RawRowCount;
import dev.tally.domain.backfill.RunBackfill;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One invocation: plan, show the plan, stop there on --dry-run, ask before a large run on a
 * terminal, run the slices with progress, and end with a summary. Returns the exit code.
 */
public final class BackfillJob {

    /**
     * The exit code of a run stopped on request: the shell's code for Ctrl-C. Under SIGTERM the JVM
     * reports 143 instead; either way the run is not done, so scripts and supervisors must not treat
     * it as a success.
     */
    public static final int STOPPED_ON_REQUEST = 130;
    /** Past either, a run on a terminal asks before it starts (unless --yes). */
    private static final long LARGE_RUN_RAW_ROWS = 1_000_000;
    private static final int LARGE_RUN_SLICES = 500;

    private static final Logger LOG = LoggerFactory.getLogger(BackfillJob.class);

    private final PlanBackfill planner;
    private final RunBackfill runner;
    private final BackfillSettings settings;
    private final Terminal terminal;
    private final StopSignal stop;
    private final Clock clock;

    public BackfillJob(PlanBackfill planner, RunBackfill runner, BackfillSettings settings, Terminal terminal,
            StopSignal stop, Clock clock) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.runner = Objects.requireNonNull(runner, "runner");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.stop = Objects.requireNonNull(stop, "stop");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int run() {
        PrintStream out = terminal.out();
        BackfillPlan plan = plan();
        out.print(BackfillReport.plan(plan));
        if (settings.dryRun()) {
            out.println("Dry run: nothing was written.");
            return CommandLines.OK;
        }
        if (isLarge(plan) && terminal.interactive() && !settings.yes()) {
            out.println("This is a large run. It is safe beside rollup-app and live writers, and resumable; "
                    + "--yes starts it without this question.");
            if (!terminal.confirm("Proceed? [y/N] ")) {
                out.println("Not started: nothing was written.");
                return CommandLines.FAILURE;
            }
        }
        ProgressDisplay progress = ProgressDisplay.on(terminal, clock);
        BackfillOutcome outcome;
        try {
            outcome = runSlices(plan, progress);
        } catch (RuntimeException e) {
            LOG.warn("the backfill failed after {} slices; committed slices are kept: once the cause is fixed, "
                    + "run the same command again to resume", progress.throughput().slicesRun());
            throw e;
        }
        out.print(BackfillReport.summary(outcome, progress.throughput()));
        return outcome instanceof BackfillOutcome.Stopped ? STOPPED_ON_REQUEST : CommandLines.OK;
    }

    private BackfillOutcome runSlices(BackfillPlan plan, ProgressDisplay progress) {
        try {
            return stop.whileSlicing(() -> runner.run(plan, settings.sleepBetweenSlices(), stop::isRequested, progress));
        } finally {
            progress.end();
        }
    }

    /**
     * Counted only when someone reviews the plan before the run starts (--dry-run, or a terminal
     * that may be asked): the count reads every raw row of the range, which the run's stage reads
     * again, and reports, moments later.
     */
    private BackfillPlan plan() {
        boolean reviewed = settings.dryRun() || (terminal.interactive() && !settings.yes());
        try {
            return reviewed ? planner.plan(settings.request()) : planner.uncounted(settings.request());
        } catch (BackfillRejected e) {
            throw new BadUsageException(e.getMessage() + "; --workspace takes the UUID of an existing workspace");
        }
    }

    private static boolean isLarge(BackfillPlan plan) {
        return plan.rawRows().map(RawRowCount::total).orElse(0L) > LARGE_RUN_RAW_ROWS
                || plan.slices().size() > LARGE_RUN_SLICES;
    }
}
