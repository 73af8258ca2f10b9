package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** The backfill's ports in memory, remembering what they were asked to do. */
final class InMemoryBackfill implements UsageHistory, BackfillRuns, SliceRunner, RollupWatermark {

    final List<UUID> workspaces;
    final HistorySpan history;
    final Set<BackfillSlice> completed = new HashSet<>();
    final List<BackfillSlice> ran = new ArrayList<>();
    final List<List<BackfillSlice>> batches = new ArrayList<>();
    final List<List<BackfillSlice>> staged = new ArrayList<>();
    Instant horizon = Instant.parse("2026-03-10T00:00:00Z");
    Instant watermark = Instant.EPOCH;
    boolean finished;
    int rawRowCounts;

    InMemoryBackfill(List<UUID> workspaces, HistorySpan history) {
        this.workspaces = workspaces;
        this.history = history;
    }

    @Override
    public List<UUID> allWorkspaces() {
        return workspaces;
    }

    @Override
    public Set<UUID> unknownWorkspaces(Collection<UUID> requested) {
        return requested.stream().filter(id -> !workspaces.contains(id)).collect(Collectors.toSet());
    }

    @Override
    public Optional<HistorySpan> history() {
        return Optional.ofNullable(history);
    }

    @Override
    public Map<UUID, Long> rawRowsByWorkspace(Collection<UUID> ids, Instant from, Instant to) {
        rawRowCounts++;
        return ids.stream().collect(Collectors.toMap(id -> id, id -> 10L));
    }

    @Override
    public Instant startRun(String runKey) {
        return horizon;
    }

    @Override
    public Set<BackfillSlice> completedSlices(String runKey) {
        return Set.copyOf(completed);
    }

    @Override
    public long stage(String runKey, List<BackfillSlice> slices) {
        staged.add(List.copyOf(slices));
        return 10L * slices.size();
    }

    @Override
    public List<SliceResult> runSlices(String runKey, List<BackfillSlice> slicesOfOnePeriod) {
        if (!slicesOfOnePeriod.stream().allMatch(slice -> slice.samePeriodAs(slicesOfOnePeriod.get(0)))) {
            throw new IllegalArgumentException("slices of several periods in one call: " + slicesOfOnePeriod);
        }
        ran.addAll(slicesOfOnePeriod);
        batches.add(List.copyOf(slicesOfOnePeriod));
        completed.addAll(slicesOfOnePeriod);
        return slicesOfOnePeriod.stream().map(slice -> new SliceResult(10, 2, 1)).toList();
    }

    @Override
    public void finishRun(String runKey) {
        finished = true;
        completed.clear();
    }

    @Override
    public Instant advanceTo(Instant to) {
        watermark = watermark.isAfter(to) ? watermark : to;
        return watermark;
    }
}
