package dev.tally.domain.report.access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The tokens of the user with an email address, revoked ones included; never their text. */
public final class ListAccessTokens {

    private final AccessTokens tokens;

    public ListAccessTokens(AccessTokens tokens) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
    }

    /** Empty when there is no user with that email address. */
    public Optional<List<StoredToken>> run(String email) {
        return tokens.userWithEmail(email.strip()).map(tokens::tokensOf);
    }
}
