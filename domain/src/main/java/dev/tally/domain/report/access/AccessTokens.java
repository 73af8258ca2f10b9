package dev.tally.domain.report.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where tokens are kept, by their hash only, and the users they are issued to. */
public interface AccessTokens {

    /** The user of the token with this hash, if there is one and it is not revoked. */
    Optional<UUID> ownerOfActiveToken(TokenHash hash);

    /** The user with this email address, compared without regard to case. */
    Optional<UUID> userWithEmail(String email);

    StoredToken store(UUID userId, String name, TokenHash hash);

    Optional<StoredToken> find(UUID tokenId);

    Optional<StoredToken> find(TokenHash hash);

    /** Revokes the token now; empty when it was already revoked (or does not exist). */
    Optional<Instant> revoke(UUID tokenId);

    /** A user's tokens, oldest first, revoked ones included. */
    List<StoredToken> tokensOf(UUID userId);
}
