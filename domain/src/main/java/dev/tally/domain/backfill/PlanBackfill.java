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
 * Turns a request into slices: UTC calendar periods clipped to the range, and within each period one
 * slice per workspace given (or one slice for all workspaces, deleted ones included, when none is), so the workspaces of a period run together (see {@link SliceRunner#runSlices}). Without
 * explicit dates the range is all history, up to the newest change rather than the newest row,
 * so rows corrected after the last new usage are covered too (upstream ended at the newest
 * created_at and missed them).
 */
public final class PlanBackfill {

    private final UsageHistory usage;

    public PlanBackfill(UsageHistory usage) {
        this.usage = Objects.requireNonNull(usage, "usage");
    }

    /** The plan with its raw rows counted, for someone to look at before a run starts. */
    public BackfillPlan plan(BackfillRequest request) {
        return plan(request, true);
    }

    /**
     * The plan without the count: counting reads every raw row of the range, which a run reads anyway
     * when it stages its sums (and reports how many it read), so a run nobody reviews first skips it.
     */
    public BackfillPlan uncounted(BackfillRequest request) {
        return plan(request, false);
    }

    private BackfillPlan plan(BackfillRequest request, boolean countRawRows) {
        Set<UUID> unknown = usage.unknownWorkspaces(request.workspaces());
        if (!unknown.isEmpty()) {
            throw new BackfillRejected("unknown workspace(s): " + unknown);
        }
        List<UUID> workspaces = request.workspaces().isEmpty()
                ? usage.allWorkspaces()
                : request.workspaces().stream().distinct().sorted().toList();
        Optional<HistorySpan> history = usage.history();
        Optional<Instant> from = request.from().map(PlanBackfill::startOf)
                .or(() -> history.map(span -> HourBucket.of(span.oldestCreated())));
        Optional<Instant> to = request.to().map(day -> startOf(day.plusDays(1)))
                .or(() -> history.map(span -> HourBucket.of(span.newestChange()).plus(Duration.ofHours(1))));
        // Without --workspace, one slice per period covers every workspace, those that no longer
        // exist included: rows of a deleted workspace have no raw rows and go, whatever the tick did.
        List<UUID> sliced = request.workspaces().isEmpty() ? List.of(BackfillSlice.ALL_WORKSPACES) : workspaces;
        if (from.isEmpty() || to.isEmpty() || !to.get().isAfter(from.get())) {
            return new BackfillPlan(request, workspaces, List.of(),
                    countRawRows ? Optional.of(new RawRowCount(Map.of())) : Optional.empty());
        }
        List<BackfillSlice> slices = periods(from.get(), to.get(), request.slice()).stream()
                .flatMap(period -> sliced.stream()
                        .map(workspace -> new BackfillSlice(workspace, period.from(), period.to())))
                .toList();
        Optional<RawRowCount> rawRows = countRawRows
                ? Optional.of(new RawRowCount(workspaces.isEmpty() ? Map.of() : usage.rawRowsByWorkspace(workspaces, from.get(), to.get())))
                : Optional.empty();
        return new BackfillPlan(request, workspaces, slices, rawRows);
    }

    private record Period(Instant from, Instant to) {
    }

    private static List<Period> periods(Instant from, Instant to, SliceLength length) {
        List<Period> periods = new ArrayList<>();
        ZonedDateTime cursor = length.floor(from.atZone(ZoneOffset.UTC));
        while (cursor.toInstant().isBefore(to)) {
            ZonedDateTime next = length.after(cursor);
            Instant periodFrom = cursor.toInstant().isBefore(from) ? from : cursor.toInstant();
            Instant periodTo = next.toInstant().isAfter(to) ? to : next.toInstant();
            periods.add(new Period(periodFrom, periodTo));
            cursor = next;
        }
        return periods;
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
