package dev.tally.report.http;

import dev.tally.domain.report.CanonicalUuid;
import dev.tally.domain.report.ReportRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A request's path and query parameters, checked before the domain sees them: an unknown or
 * repeated query parameter is a 400, never ignored (a typo such as {@code day=7} would otherwise
 * quietly return the default range).
 */
final class RequestParameters {

    static final Set<String> WORKSPACE_REPORT = Set.of("tz", "days", "weeks", "from", "to", "project_id",
            ReportFormat.PARAMETER);
    static final Set<String> RUNTIME_REPORT = Set.of("tz", "days", "weeks", "from", "to", ReportFormat.PARAMETER);

    private RequestParameters() {
    }

    static ReportRequest report(Map<String, List<String>> query, Set<String> accepted) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!accepted.contains(parameter.getKey())) {
                throw ApiError.badRequest("unknown parameter '" + parameter.getKey() + "'; this endpoint accepts "
                        + String.join(", ", new TreeSet<>(accepted)));
            }
            if (parameter.getValue().size() > 1) {
                throw ApiError.badRequest(parameter.getKey() + " is given more than once");
            }
        }
        return new ReportRequest(one(query, "tz"), one(query, "days"), one(query, "weeks"), one(query, "from"),
                one(query, "to"), one(query, "project_id"));
    }

    /** A path segment that must be a UUID; anything else is a 400 naming it. */
    static UUID uuid(String name, String value) {
        return CanonicalUuid.parse(value)
                .orElseThrow(() -> ApiError.badRequest(name + " must be a UUID (got '" + value + "')"));
    }

    private static Optional<String> one(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
