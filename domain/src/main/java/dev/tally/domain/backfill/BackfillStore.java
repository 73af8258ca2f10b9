package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** What a backfill reads and writes. Each slice commits on its own, holding the tick lock. */
public interface BackfillStore {

    List<UUID> allWorkspaces();

    /** The ones among {@code workspaces} that do not exist. */
    Set<UUID> unknownWorkspaces(Collection<UUID> workspaces);

    /** Empty when there is no usage at all. */
    Optional<HistorySpan> history();

    Map<UUID, Long> rawRowsByWorkspace(Collection<UUID> workspaces, Instant from, Instant to);

    /**
     * Starts the run named {@code runKey}, or finds it if an earlier attempt was interrupted, and
     * returns its horizon: an instant before which every raw change was committed when the run
     * first started (the earlier of now and the oldest open transaction).
     */
    Instant startRun(String runKey);

    /** The slices of the run that have committed. */
    Set<BackfillSlice> completedSlices(String runKey);

    /**
     * Runs slices of one period (one or more workspaces, the same {@code from} and {@code to}) and
     * records them done, in one transaction: the workspaces share one read of the period's raw
     * rows. Returns each slice's result, in the order given.
     */
    List<SliceResult> runSlices(String runKey, List<BackfillSlice> slicesOfOnePeriod);

    /** Forgets a finished run, so the same request later starts afresh. */
    void finishRun(String runKey);

    /** Moves the watermark to {@code horizon} unless it is already later; returns the watermark. */
    Instant advanceWatermark(Instant horizon);
}
