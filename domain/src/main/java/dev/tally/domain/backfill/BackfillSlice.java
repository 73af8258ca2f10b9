package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** The hourly rows of one workspace whose hour starts in {@code [from, to)}. */
public record BackfillSlice(UUID workspaceId, Instant from, Instant to) {

    public BackfillSlice {
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a slice must end after it starts: [" + from + ", " + to + ")");
        }
    }

    /** Whether both slices cover the same span of time, whatever their workspaces. */
    public boolean samePeriodAs(BackfillSlice other) {
        return from.equals(other.from) && to.equals(other.to);
    }
}
