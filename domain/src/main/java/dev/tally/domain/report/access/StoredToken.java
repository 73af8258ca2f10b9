package dev.tally.domain.report.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** What is kept of a token: never its text. */
public record StoredToken(UUID id, UUID userId, String name, Instant createdAt, Optional<Instant> revokedAt) {

    public StoredToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean isActive() {
        return revokedAt.isEmpty();
    }
}
