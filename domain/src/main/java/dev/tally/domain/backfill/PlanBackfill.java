package dev.tally.domain.backfill;

import dev.tally.domain.bucket.HourBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a request into slices: per workspace, UTC calendar slices clipped to the range. Without
 * explicit dates the range is all history, up to the newest change rather than the newest row,
 * so rows corrected after the last new usage are covered too (upstream ended at the newest
 * created_at and missed them).
 */
public final class PlanBackfill {

    private final BackfillStore store;

    public PlanBackfill(BackfillStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public BackfillPlan plan(BackfillRequest request) {
        Set<UUID> unknown = store.unknownWorkspaces(request.workspaces());
        if (!unknown.isEmpty()) {
            throw new BackfillRejected("unknown workspace(s): " + unknown);
        }
        List<UUID> workspaces = request.workspaces().isEmpty()
                ? store.allWorkspaces()
                : request.workspaces().stream().sorted().toList();
        Optional<HistorySpan> history = store.history();
        Optional<Instant> from = request.from().map(PlanBackfill::startOf)
                .or(() -> history.map(span -> HourBucket.of(span.oldestCreated())));
        Optional<Instant> to = request.to().map(day -> startOf(day.plusDays(1)))
                .or(() -> history.map(span -> HourBucket.of(span.newestChange()).plus(Duration.ofHours(1))));
        if (from.isEmpty() || to.isEmpty() || !to.get().isAfter(from.get()) || workspaces.isEmpty()) {
            return new BackfillPlan(request, workspaces, List.of(), Map.of());
        }
        List<BackfillSlice> slices = new ArrayList<>();
        for (UUID workspace : workspaces) {
            slices.addAll(slicesOf(workspace, from.get(), to.get(), request.slice()));
        }
        return new BackfillPlan(request, workspaces, slices,
                store.rawRowsByWorkspace(workspaces, from.get(), to.get()));
    }

    private static List<BackfillSlice> slicesOf(UUID workspace, Instant from, Instant to, SliceLength length) {
        List<BackfillSlice> slices = new ArrayList<>();
        ZonedDateTime cursor = length.floor(from.atZone(ZoneOffset.UTC));
        while (cursor.toInstant().isBefore(to)) {
            ZonedDateTime next = length.after(cursor);
            Instant sliceFrom = cursor.toInstant().isBefore(from) ? from : cursor.toInstant();
            Instant sliceTo = next.toInstant().isAfter(to) ? to : next.toInstant();
            slices.add(new BackfillSlice(workspace, sliceFrom, sliceTo));
            cursor = next;
        }
        return slices;
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
