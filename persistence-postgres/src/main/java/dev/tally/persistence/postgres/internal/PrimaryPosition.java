package dev.tally.persistence.postgres.internal;

import java.time.Instant;

/**
 * The primary's WAL insert position, read no earlier than {@code at} (the primary's clock): every
 * transaction the primary had committed at {@code at} lies before {@code lsn}.
 */
record PrimaryPosition(String lsn, Instant at) {
}
