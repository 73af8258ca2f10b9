package dev.tally.persistence.postgres.internal;

import static java.util.stream.Collectors.toMap;

import dev.tally.domain.backfill.BackfillSlice;
import dev.tally.domain.backfill.BackfillRuns;
import dev.tally.domain.backfill.DayDrift;
import dev.tally.domain.backfill.RollupDrift;
import dev.tally.domain.backfill.HistorySpan;
import dev.tally.domain.backfill.RollupWatermark;
import dev.tally.domain.backfill.SliceResult;
import dev.tally.domain.backfill.SliceRunner;
import dev.tally.domain.backfill.UsageHistory;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The backfill's ports in one adapter, since they share their statements (BackfillMapper): each call
 * is its own transaction, and slices commit with their progress record.
 */
public final class PostgresBackfill implements UsageHistory, BackfillRuns, SliceRunner, RollupWatermark, RollupDrift {

    private final MyBatisSessions sessions;

    public PostgresBackfill(MyBatisSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public List<UUID> allWorkspaces() {
        return call(BackfillMapper::allWorkspaces);
    }

    @Override
    public Set<UUID> unknownWorkspaces(Collection<UUID> workspaces) {
        if (workspaces.isEmpty()) {
            return Set.of();
        }
        Set<UUID> unknown = new HashSet<>(workspaces);
        unknown.removeAll(call(mapper -> mapper.existingWorkspaces(workspaces)));
        return unknown;
    }

    @Override
    public Optional<HistorySpan> history() {
        HistoryRow row = call(BackfillMapper::history);
        return row == null || row.oldestCreated() == null
                ? Optional.empty()
                : Optional.of(new HistorySpan(row.oldestCreated(), row.newestChange()));
    }

    @Override
    public Map<UUID, Long> rawRowsByWorkspace(Collection<UUID> workspaces, Instant from, Instant to) {
        return call(mapper -> mapper.rawRowsByWorkspace(workspaces, from, to)).stream()
                .collect(toMap(WorkspaceRowCount::workspaceId, WorkspaceRowCount::rawRows));
    }

    @Override
    public Instant startRun(String runKey) {
        return call(mapper -> mapper.startRun(runKey));
    }

    @Override
    public Set<BackfillSlice> completedSlices(String runKey) {
        return call(mapper -> mapper.completedSlices(runKey)).stream()
                .map(row -> new BackfillSlice(row.workspaceId(), row.sliceFrom(), row.sliceTo()))
                .collect(Collectors.toSet());
    }

    /**
     * Opens the stage in a transaction of its own first: ticks journal what they drain only once it
     * has committed, and the sums must not be read before that (see V007).
     */
    @Override
    public long stage(String runKey, List<BackfillSlice> slices) {
        List<UUID> workspaces = slices.stream().map(BackfillSlice::workspaceId).distinct().toList();
        Instant from = slices.stream().map(BackfillSlice::from).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = slices.stream().map(BackfillSlice::to).max(Comparator.naturalOrder()).orElseThrow();
        call(mapper -> mapper.openStage(runKey));
        return call(mapper -> mapper.stage(runKey, workspaces, from, to));
    }

    @Override
    public List<SliceResult> runSlices(String runKey, List<BackfillSlice> slicesOfOnePeriod) {
        BackfillSlice period = slicesOfOnePeriod.get(0);
        if (!slicesOfOnePeriod.stream().allMatch(period::samePeriodAs)) {
            throw new IllegalArgumentException("slices of several periods in one call: " + slicesOfOnePeriod);
        }
        List<UUID> workspaces = slicesOfOnePeriod.stream().map(BackfillSlice::workspaceId).toList();
        Map<UUID, SliceResult> byWorkspace = call(mapper -> mapper.runSlices(runKey, workspaces, period.from(), period.to()))
                .stream()
                .collect(toMap(SliceResultRow::workspaceId,
                        row -> new SliceResult(row.rawRows(), row.rowsWritten(), row.rowsDeleted())));
        return slicesOfOnePeriod.stream().map(slice -> byWorkspace.get(slice.workspaceId())).toList();
    }

    @Override
    public void finishRun(String runKey) {
        call(mapper -> {
            mapper.finishRun(runKey);
            mapper.closeStage(runKey);
            return null;
        });
    }

    @Override
    public Instant advanceTo(Instant horizon) {
        return call(mapper -> mapper.advanceWatermark(horizon));
    }

    @Override
    public List<DayDrift> between(Instant from, Instant to, Collection<UUID> workspaces) {
        return call(mapper -> mapper.drift(from, to, workspaces));
    }

    @Override
    public long repair(Instant from, Instant to, Collection<UUID> workspaces) {
        return call(mapper -> mapper.repair(from, to, workspaces));
    }

    private <T> T call(Function<BackfillMapper, T> statement) {
        return sessions.inTransaction(session -> statement.apply(session.getMapper(BackfillMapper.class)));
    }
}
