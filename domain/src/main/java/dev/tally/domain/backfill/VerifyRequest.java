package dev.tally.domain.backfill;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What to verify: some workspaces (none means all, deleted ones included) and UTC days (absent ends mean all history). */
public record VerifyRequest(List<UUID> workspaces, Optional<LocalDate> from, Optional<LocalDate> to, boolean repair) {

    public VerifyRequest {
        workspaces = List.copyOf(workspaces);
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw new IllegalArgumentException("--from " + from.get() + " is after --to " + to.get());
        }
    }
}
