package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What verify found in {@code [from, to)}: the days that differ, and, after a repair, what the
 * repair changed and what a second verify found.
 */
public record VerifyOutcome(Instant from, Instant to, List<DayDrift> found, Optional<Repair> repair) {

    public VerifyOutcome {
        found = List.copyOf(found);
    }

    /** The rows a repair changed over {@code ranges} (day and workspace) and the verify that followed it. */
    public record Repair(int ranges, long rowsChanged, List<DayDrift> after) {

        public Repair {
            after = List.copyOf(after);
        }
    }

    /** The last look at the rollup: after the repair if there was one. */
    public List<DayDrift> last() {
        return repair.map(Repair::after).orElse(found);
    }

    /** Whether the last look found drift (pending differences are not drift). */
    public boolean drifted() {
        return last().stream().anyMatch(DayDrift::drifted);
    }

    /** Whether the last look found differences the next tick will recompute. */
    public boolean pending() {
        return last().stream().anyMatch(drift -> drift.pending() > 0);
    }
}
