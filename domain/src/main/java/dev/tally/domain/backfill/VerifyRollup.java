package dev.tally.domain.backfill;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.mapping;
import static java.util.stream.Collectors.toList;

import dev.tally.domain.bucket.HourBucket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Compares the rollup with raw over a request's scope (all history, rollup rows outside the raw
 * range included, unless dates are given) and, on request, repairs exactly the days and workspaces
 * that drifted, one day per transaction, then looks again.
 */
public final class VerifyRollup {

    private final UsageHistory usage;
    private final RollupDrift drift;

    public VerifyRollup(UsageHistory usage, RollupDrift drift) {
        this.usage = Objects.requireNonNull(usage, "usage");
        this.drift = Objects.requireNonNull(drift, "drift");
    }

    /** {@code repaired} hears of each day as its repair commits. */
    public VerifyOutcome verify(VerifyRequest request, Consumer<String> repaired) {
        Optional<HistorySpan> history = usage.history();
        Instant from = request.from().map(VerifyRollup::startOf)
                .or(() -> history.map(span -> HourBucket.of(span.oldestCreated())))
                .orElse(Instant.EPOCH);
        Instant to = request.to().map(day -> startOf(day.plusDays(1)))
                .or(() -> history.map(span -> HourBucket.of(span.newestChange()).plus(Duration.ofHours(1))))
                .orElse(Instant.EPOCH);
        if (!to.isAfter(from)) {
            return new VerifyOutcome(from, to, List.of(), Optional.empty());
        }
        List<DayDrift> found = drift.between(from, to, request.workspaces());
        if (!request.repair()) {
            return new VerifyOutcome(from, to, found, Optional.empty());
        }
        Map<LocalDate, List<UUID>> drifted = found.stream().filter(DayDrift::drifted)
                .collect(groupingBy(DayDrift::day, TreeMap::new, mapping(DayDrift::workspaceId, toList())));
        long changed = 0;
        for (Map.Entry<LocalDate, List<UUID>> day : drifted.entrySet()) {
            // Clipped to the scope: a day at the edge of all history may start before it.
            Instant dayFrom = max(startOf(day.getKey()), from);
            Instant dayTo = min(startOf(day.getKey().plusDays(1)), to);
            long rows = drift.repair(dayFrom, dayTo, day.getValue());
            changed += rows;
            repaired.accept("repaired " + day.getKey() + " for " + day.getValue().size() + " workspace(s): "
                    + rows + " rows changed");
        }
        int ranges = drifted.values().stream().mapToInt(List::size).sum();
        return new VerifyOutcome(from, to, found,
                Optional.of(new VerifyOutcome.Repair(ranges, changed, drift.between(from, to, request.workspaces()))));
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
