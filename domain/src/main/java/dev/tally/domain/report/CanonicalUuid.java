package dev.tally.domain.report;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads a UUID only in its canonical 8-4-4-4-12 hexadecimal form. {@link UUID#fromString} also
 * reads forms such as {@code +0000000-0000-0000-0000-000000000001} or full-width digits, which
 * would let two spellings name one workspace.
 */
public final class CanonicalUuid {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CanonicalUuid() {
    }

    /** The UUID {@code value} spells canonically; empty for anything else. */
    public static Optional<UUID> parse(String value) {
        return value != null && CANONICAL.matcher(value).matches() ? Optional.of(UUID.fromString(value)) : Optional.empty();
    }
}
