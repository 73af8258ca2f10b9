package dev.tally.domain.backfill;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The slices a run will process, in order, and the raw rows each workspace has in the range. */
public record BackfillPlan(BackfillRequest request, List<UUID> workspaces, List<BackfillSlice> slices,
        Map<UUID, Long> rawRowsByWorkspace) {

    public BackfillPlan {
        workspaces = List.copyOf(workspaces);
        slices = List.copyOf(slices);
        rawRowsByWorkspace = Map.copyOf(rawRowsByWorkspace);
    }

    public long estimatedRawRows() {
        return rawRowsByWorkspace.values().stream().mapToLong(Long::longValue).sum();
    }
}
