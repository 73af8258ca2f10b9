package dev.tally.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses ISO-8601 durations (PT5M, PT30S, P1D); picocli names the flag in the error it prints. */
public final class IsoDurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException(
                    "'" + value + "' is not an ISO-8601 duration; use a form such as PT30S, PT5M, PT1H or P1D");
        }
    }
}
