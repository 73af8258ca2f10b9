package dev.tally.domain.report.access;

import dev.tally.domain.report.CanonicalUuid;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Revokes a token, named by its id or by its text; revoking twice changes nothing. */
public final class RevokeAccessToken {

    private final AccessTokens tokens;

    public RevokeAccessToken(AccessTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** How revoking ended. */
    public sealed interface Result permits Revoked, AlreadyRevoked, NoSuchToken {
    }

    public record Revoked(StoredToken token) implements Result {
    }

    public record AlreadyRevoked(StoredToken token) implements Result {
    }

    public record NoSuchToken() implements Result {
    }

    public Result run(String tokenOrId) {
        String reference = tokenOrId.strip();
        Optional<StoredToken> found = asUuid(reference).flatMap(tokens::find)
                .or(() -> AccessToken.parse(reference).flatMap(token -> tokens.find(token.hash())));
        if (found.isEmpty()) {
            return new NoSuchToken();
        }
        StoredToken token = found.get();
        if (!token.isActive()) {
            return new AlreadyRevoked(token);
        }
        return tokens.revoke(token.id())
                .<Result>map(revokedAt -> new Revoked(new StoredToken(
                        token.id(), token.userId(), token.name(), token.createdAt(), Optional.of(revokedAt))))
                .orElseGet(() -> new AlreadyRevoked(tokens.find(token.id()).orElse(token)));
    }

    private static Optional<UUID> asUuid(String value) {
        return CanonicalUuid.parse(value);
    }
}
