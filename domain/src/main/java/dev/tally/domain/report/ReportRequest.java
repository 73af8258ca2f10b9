package dev.tally.domain.report;

import java.util.Objects;
import java.util.Optional;

/**
 * A report's parameters as the caller sent them, unparsed: each is empty when absent. Parsing
 * them is the domain's job, so every endpoint accepts and rejects the same inputs in the same words.
 */
public record ReportRequest(
        Optional<String> tz,
        Optional<String> days,
        Optional<String> weeks,
        Optional<String> from,
        Optional<String> to,
        Optional<String> projectId) {

    public static final ReportRequest DEFAULTS = new ReportRequest(
            Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public ReportRequest {
        Objects.requireNonNull(tz, "tz");
        Objects.requireNonNull(days, "days");
        Objects.requireNonNull(weeks, "weeks");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(projectId, "projectId");
    }
}
