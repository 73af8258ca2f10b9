package dev.tally.persistence.postgres.internal;

import java.time.Instant;

/**
 * A server's recovery state: whether it is a standby at all, whether it had replayed the primary's
 * WAL up to a given position, whether replay is paused, and the commit time (the primary's clock)
 * of the last transaction it replayed ({@code null} when none since it started).
 */
record ReplayState(boolean inRecovery, boolean caughtUp, boolean paused, Instant replayedCommitAt) {
}
