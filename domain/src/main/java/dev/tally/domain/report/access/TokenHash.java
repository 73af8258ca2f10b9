package dev.tally.domain.report.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/** The SHA-256 of a token's text, in lower-case hex: all that is ever stored of a token. */
public record TokenHash(String sha256Hex) {

    private static final Pattern LOWER_HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public TokenHash {
        Objects.requireNonNull(sha256Hex, "sha256Hex");
        if (!LOWER_HEX_SHA256.matcher(sha256Hex).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256");
        }
    }

    static TokenHash of(String tokenText) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(tokenText.getBytes(StandardCharsets.UTF_8));
            return new TokenHash(HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-256", e);
        }
    }
}
