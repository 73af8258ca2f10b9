package dev.tally.domain.backfill;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Compares the rollup with raw inside the database, and repairs what differs. */
public interface RollupDrift {

    /**
     * The days and workspaces in {@code [from, to)} where the rollup differs from raw (all
     * workspaces when {@code workspaces} is empty), read in one snapshot and without locks; days
     * that agree are left out.
     */
    List<DayDrift> between(Instant from, Instant to, Collection<UUID> workspaces);

    /** Makes the rows of {@code workspaces} in {@code [from, to)} equal to raw, under the tick lock; returns the rows changed. */
    long repair(Instant from, Instant to, Collection<UUID> workspaces);
}
