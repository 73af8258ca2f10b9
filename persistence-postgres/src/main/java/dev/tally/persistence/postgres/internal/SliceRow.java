package dev.tally.persistence.postgres.internal;

import java.time.Instant;
import java.util.UUID;

/** A committed backfill slice. */
record SliceRow(UUID workspaceId, Instant sliceFrom, Instant sliceTo) {
}
