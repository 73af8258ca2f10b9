package dev.tally.backfill;

import dev.tally.domain.backfill.SliceLength;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parse backfill-app's flag values; picocli puts the flag's name before the message, which names the accepted form. */
final class FlagConverters {

    private FlagConverters() {
    }

    /** Only the canonical 8-4-4-4-12 form: {@link UUID#fromString} also takes forms such as {@code 1-2-3-4-5}. */
    static final class WorkspaceId implements ITypeConverter<UUID> {

        private static final Pattern CANONICAL =
                Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

        @Override
        public UUID convert(String value) {
            if (!CANONICAL.matcher(value).matches()) {
                throw new TypeConversionException("'" + value + "' is not a workspace id; use the workspace's UUID, "
                        + "such as 3f2b8c1e-9d4a-4e7b-8a6c-1b2d3e4f5a6b");
            }
            return UUID.fromString(value);
        }
    }

    static final class UtcDay implements ITypeConverter<LocalDate> {

        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date; use an ISO date such as 2026-03-01 "
                        + "(a UTC day)");
            }
        }
    }

    static final class Slice implements ITypeConverter<SliceLength> {

        @Override
        public SliceLength convert(String value) {
            try {
                return SliceLength.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
