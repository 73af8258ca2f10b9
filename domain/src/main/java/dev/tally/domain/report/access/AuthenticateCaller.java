package dev.tally.domain.report.access;

import dev.tally.domain.report.Caller;
import java.util.Objects;
import java.util.Optional;

/** Turns a request's {@code Authorization} header into the caller it acts for. */
public final class AuthenticateCaller {

    private static final String SCHEME = "bearer ";

    private final AccessTokens tokens;

    public AuthenticateCaller(AccessTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** How authentication ended. */
    public sealed interface Result permits Authenticated, Missing, Invalid {
    }

    public record Authenticated(Caller caller) implements Result {
    }

    /** No {@code Authorization: Bearer ...} header. */
    public record Missing() implements Result {
    }

    /** A bearer token that is malformed, unknown or revoked; the three are not told apart. */
    public record Invalid() implements Result {
    }

    public Result run(Optional<String> authorizationHeader) {
        Optional<String> presented = authorizationHeader.map(String::strip)
                .filter(header -> header.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(header -> header.substring(SCHEME.length()).strip());
        if (presented.isEmpty() || presented.get().isEmpty()) {
            return new Missing();
        }
        return AccessToken.parse(presented.get())
                .flatMap(token -> tokens.ownerOfActiveToken(token.hash()))
                .<Result>map(userId -> new Authenticated(new Caller(userId)))
                .orElseGet(Invalid::new);
    }
}
