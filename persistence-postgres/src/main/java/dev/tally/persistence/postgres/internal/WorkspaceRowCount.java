package dev.tally.persistence.postgres.internal;

import java.util.UUID;

/** Raw usage rows of one workspace in a range. */
record WorkspaceRowCount(UUID workspaceId, long rawRows) {
}
