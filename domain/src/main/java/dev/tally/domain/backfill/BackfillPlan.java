package dev.tally.domain.backfill;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The slices a run will process, in order, and, when the plan counted them, the raw rows each
 * workspace has in the range.
 */
public record BackfillPlan(BackfillRequest request, List<UUID> workspaces, List<BackfillSlice> slices,
        Optional<RawRowCount> rawRows) {

    public BackfillPlan {
        workspaces = List.copyOf(workspaces);
        slices = List.copyOf(slices);
        Objects.requireNonNull(rawRows, "rawRows");
    }
}
