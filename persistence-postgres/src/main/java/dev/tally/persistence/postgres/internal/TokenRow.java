package dev.tally.persistence.postgres.internal;

import dev.tally.domain.report.access.StoredToken;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** An api_token row without its hash, which never leaves the database once written. */
record TokenRow(UUID id, UUID userId, String name, Instant createdAt, Instant revokedAt) {

    StoredToken toStoredToken() {
        return new StoredToken(id, userId, name, createdAt, Optional.ofNullable(revokedAt));
    }
}
