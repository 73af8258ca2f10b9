package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The hourly rows of one workspace whose hour starts in {@code [from, to)}; with
 * {@link #ALL_WORKSPACES}, the rows of every workspace, those of workspaces that no longer exist
 * included.
 */
public record BackfillSlice(UUID workspaceId, Instant from, Instant to) {

    /** The nil UUID, which no workspace has (gen_random_uuid never makes it): every workspace, deleted ones too. */
    public static final UUID ALL_WORKSPACES = new UUID(0L, 0L);

    public BackfillSlice {
        Objects.requireNonNull(workspaceId, "workspaceId");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a slice must end after it starts: [" + from + ", " + to + ")");
        }
    }

    public boolean coversAllWorkspaces() {
        return ALL_WORKSPACES.equals(workspaceId);
    }

    /** Whether both slices cover the same span of time, whatever their workspaces. */
    public boolean samePeriodAs(BackfillSlice other) {
        return from.equals(other.from) && to.equals(other.to);
    }
}
