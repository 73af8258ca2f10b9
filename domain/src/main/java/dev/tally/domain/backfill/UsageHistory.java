package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What there is to backfill: the workspaces, the span of their raw usage, and how much of it a range holds. */
public interface UsageHistory {

    List<UUID> allWorkspaces();

    /** The ones among {@code workspaces} that do not exist. */
    Set<UUID> unknownWorkspaces(Collection<UUID> workspaces);

    /** Empty when there is no usage at all. */
    Optional<HistorySpan> history();

    Map<UUID, Long> rawRowsByWorkspace(Collection<UUID> workspaces, Instant from, Instant to);
}
