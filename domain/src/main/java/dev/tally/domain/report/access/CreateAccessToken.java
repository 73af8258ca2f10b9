package dev.tally.domain.report.access;

import java.util.Objects;
import java.util.Random;

/** Issues a new token to the user with an email address; its text is returned once and never stored. */
public final class CreateAccessToken {

    public static final int LONGEST_NAME = 200;

    private final AccessTokens tokens;
    private final Random random;

    /** {@code random} must be cryptographically strong ({@code SecureRandom}) outside tests. */
    public CreateAccessToken(AccessTokens tokens, Random random) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** How creating a token ended. */
    public sealed interface Result permits Created, UnknownUser, InvalidName {
    }

    /** {@code token} is the only copy of the text: print it, then drop it. */
    public record Created(StoredToken stored, AccessToken token) implements Result {
    }

    public record UnknownUser(String email) implements Result {
    }

    public record InvalidName(String message) implements Result {
    }

    public Result run(String email, String name) {
        String label = name.strip();
        if (label.length() > LONGEST_NAME) {
            return new InvalidName("a token name has at most " + LONGEST_NAME + " characters");
        }
        return tokens.userWithEmail(email.strip())
                .<Result>map(userId -> {
                    AccessToken token = AccessToken.generate(random);
                    return new Created(tokens.store(userId, label, token.hash()), token);
                })
                .orElseGet(() -> new UnknownUser(email));
    }
}
