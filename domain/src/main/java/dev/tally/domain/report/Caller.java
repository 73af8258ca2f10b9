package dev.tally.domain.report;

import java.util.Objects;
import java.util.UUID;

/** The authenticated user a request acts for. */
public record Caller(UUID userId) {

    public Caller {
        Objects.requireNonNull(userId, "userId");
    }
}
