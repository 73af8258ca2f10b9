package dev.tally.domain.backfill;

import java.time.LocalDate;
import java.util.Objects;
import java.util.UUID;

/**
 * How the rollup differs from raw on one UTC day for one workspace: rows raw has and the rollup
 * lacks ({@code missing}), rows the rollup holds that raw does not justify ({@code extra}), rows
 * whose sums differ ({@code different}), hourly and quarter rows alike; and differences in hours
 * the rollup is behind on right now ({@code pending}), which the next tick recomputes.
 */
public record DayDrift(LocalDate day, UUID workspaceId, long missing, long extra, long different, long pending) {

    public DayDrift {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(workspaceId, "workspaceId");
    }

    /** Whether the day differs where no tick will fix it: drift, not just lag. */
    public boolean drifted() {
        return missing + extra + different > 0;
    }
}
