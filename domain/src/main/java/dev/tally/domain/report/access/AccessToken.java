package dev.tally.domain.report.access;

import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * A bearer token's text: {@code tly_} and 32 random bytes in unpadded base64url. The prefix lets
 * people and secret scanners recognise a leaked token. The text exists only in memory, from
 * creation until it is printed once, and in what callers present; {@link #toString()} hides it.
 */
public final class AccessToken {

    public static final String PREFIX = "tly_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern SHAPE = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

    private final String text;

    private AccessToken(String text) {
        this.text = text;
    }

    /** A new token from {@code random}, which must be a cryptographically strong generator in production. */
    public static AccessToken generate(Random random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        Objects.requireNonNull(random, "random").nextBytes(bytes);
        return new AccessToken(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The token a caller presented, if it has a token's shape; anything else cannot be a token. */
    public static Optional<AccessToken> parse(String presented) {
        return SHAPE.matcher(presented).matches() ? Optional.of(new AccessToken(presented)) : Optional.empty();
    }

    /** The text, to print once to whoever created the token. */
    public String reveal() {
        return text;
    }

    public TokenHash hash() {
        return TokenHash.of(text);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessToken token && token.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return PREFIX + "…";
    }
}
