package dev.tally.domain.backfill;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What an operator asked for: some workspaces (none means all), a UTC date range (absent ends mean
 * all history: from the oldest usage to the newest change, corrections included) and a slice length.
 */
public record BackfillRequest(List<UUID> workspaces, Optional<LocalDate> from, Optional<LocalDate> to, SliceLength slice) {

    public BackfillRequest {
        workspaces = List.copyOf(workspaces);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(slice, "slice");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("--from " + from.get() + " is after --to " + to.get());
        }
    }

    /** Whether the run rebuilds every workspace's whole history, which is what lets it advance the watermark. */
    public boolean coversEverything() {
        return workspaces.isEmpty() && from.isEmpty() && to.isEmpty();
    }

    /** Names the run, so the same request resumes the same run. */
    public String runKey() {
        return "workspaces=" + (workspaces.isEmpty() ? "all" : workspaces.stream().sorted().map(UUID::toString)
                .reduce((a, b) -> a + "," + b).orElseThrow())
                + ";from=" + from.map(LocalDate::toString).orElse("start")
                + ";to=" + to.map(LocalDate::toString).orElse("end")
                + ";slice=" + slice.iso();
    }
}
