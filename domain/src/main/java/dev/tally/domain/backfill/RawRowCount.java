package dev.tally.domain.backfill;

import java.util.Map;
import java.util.UUID;

/** The raw rows a plan's range held per workspace when they were counted (writers may add more). */
public record RawRowCount(Map<UUID, Long> byWorkspace) {

    public RawRowCount {
        byWorkspace = Map.copyOf(byWorkspace);
    }

    public long of(UUID workspace) {
        return byWorkspace.getOrDefault(workspace, 0L);
    }

    public long total() {
        return byWorkspace.values().stream().mapToLong(Long::longValue).sum();
    }
}
