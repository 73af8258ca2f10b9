package dev.tally.backfill;

import dev.tally.app.BadUsageException;
import dev.tally.domain.backfill.BackfillRequest;
import dev.tally.domain.backfill.SliceLength;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What the operator asked backfill-app to do, checked once at start. A bad combination is a usage
 * error (exit 2) whose message names the flags and the form they accept; a malformed value never
 * gets this far (the flag converters reject it).
 *
 * @param workspaces         the workspaces to backfill, each once; empty means every workspace
 * @param from               the first UTC day, when not the start of history
 * @param to                 the last UTC day, included, when not the newest change
 * @param slice              how much history one slice (one transaction) covers
 * @param sleepBetweenSlices the pause between two slices, so ticks and writers get their turn
 * @param dryRun             print the plan and write nothing
 * @param yes                start a large run on a terminal without asking
 */
public record BackfillSettings(List<UUID> workspaces, Optional<LocalDate> from, Optional<LocalDate> to,
        SliceLength slice, Duration sleepBetweenSlices, boolean dryRun, boolean yes) {

    public BackfillSettings {
        // The same workspace twice would be sliced twice and name a different run than once.
        workspaces = List.copyOf(new LinkedHashSet<>(workspaces));
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(slice, "slice");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new BadUsageException("--from " + from.get() + " is after --to " + to.get()
                    + "; give --from on or before --to (UTC days as YYYY-MM-DD, --to included)");
        }
        if (sleepBetweenSlices == null || sleepBetweenSlices.isNegative()) {
            throw new BadUsageException("--sleep-between-slices must be zero or a positive ISO-8601 duration, "
                    + "such as PT0S or PT2S; got " + sleepBetweenSlices);
        }
    }

    public BackfillRequest request() {
        return new BackfillRequest(workspaces, from, to, slice);
    }
}
