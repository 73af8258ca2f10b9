package dev.tally.backfill;

import dev.tally.app.CommandLines;
import dev.tally.domain.backfill.DayDrift;
import dev.tally.domain.backfill.VerifyOutcome;
import dev.tally.domain.backfill.VerifyRequest;
import dev.tally.domain.backfill.VerifyRollup;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code backfill-app verify}: compares, prints the days and workspaces that differ with their
 * counts and the totals, repairs them on request and looks again. Exit 0 when nothing drifted
 * (pending differences, which the next tick fixes, are printed but are not drift), 1 on drift.
 */
public final class VerifyJob {

    /** Beyond this, the listing shows the first ranges and counts the rest; the totals count all. */
    private static final int RANGES_LISTED = 200;

    private final VerifyRollup verify;
    private final Terminal terminal;
    private final Clock clock;

    public VerifyJob(VerifyRollup verify, Terminal terminal, Clock clock) {
        this.verify = Objects.requireNonNull(verify, "verify");
        this.terminal = Objects.requireNonNull(terminal, "terminal");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public int run(VerifyRequest request) {
        PrintStream out = terminal.out();
        Instant started = clock.instant();
        terminal.err().println("verify: comparing the rollup with raw inside the database (one snapshot, no lock)...");
        VerifyOutcome outcome = verify.verify(request, line -> terminal.err().println("verify: " + line));
        out.println("Verify: the rollup (hourly and quarter rows) against a GROUP BY over raw");
        line(out, "range", outcome.from() + " to " + outcome.to() + " (UTC, end excluded)");
        line(out, "workspaces", request.workspaces().isEmpty()
                ? "all, deleted ones included" : request.workspaces().size() + " given");
        print(out, "found", outcome.found());
        outcome.repair().ifPresent(repair -> {
            line(out, "repaired", repair.ranges() + " ranges (day, workspace), " + Formats.count(repair.rowsChanged())
                    + " hourly rows written or deleted");
            print(out, "after repair", repair.after());
        });
        line(out, "took", Formats.duration(Duration.between(started, clock.instant())));
        if (outcome.pending()) {
            out.println("Pending: differences in hours a writer changed after the rollup watermark, or with queued keys; "
                    + "the next tick recomputes them. They are not drift, and not clean: run verify again after a tick.");
        }
        if (outcome.drifted()) {
            out.println("Result: DRIFT" + (request.repair() ? " remains after the repair" : "; `verify --repair` "
                    + "backfills exactly these ranges"));
            return CommandLines.FAILURE;
        }
        out.println(outcome.pending() ? "Result: no drift, some rows pending the next tick" : "Result: clean");
        return CommandLines.OK;
    }

    private static void print(PrintStream out, String label, List<DayDrift> drift) {
        List<DayDrift> shown = drift.stream().limit(RANGES_LISTED).toList();
        if (!drift.isEmpty()) {
            out.println(String.format("  %-10s  %-36s  %9s  %9s  %9s  %9s", "day", "workspace", "missing", "extra",
                    "different", "pending"));
            shown.forEach(d -> out.println(String.format("  %-10s  %-36s  %9d  %9d  %9d  %9d", d.day(), d.workspaceId(),
                    d.missing(), d.extra(), d.different(), d.pending())));
            if (drift.size() > shown.size()) {
                out.println("  ... and " + (drift.size() - shown.size()) + " more ranges");
            }
        }
        long ranges = drift.stream().filter(DayDrift::drifted).count();
        line(out, label, ranges + " ranges drifted: "
                + drift.stream().mapToLong(DayDrift::missing).sum() + " rows missing, "
                + drift.stream().mapToLong(DayDrift::extra).sum() + " extra, "
                + drift.stream().mapToLong(DayDrift::different).sum() + " different; "
                + drift.stream().mapToLong(DayDrift::pending).sum() + " pending");
    }

    private static void line(PrintStream out, String label, String value) {
        out.println(String.format("  %-13s %s", label + ":", value));
    }
}
