package dev.tally.rollup;

import dev.tally.domain.rollup.RollupStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What GET /health answers. Up when the database answers and a tick, by any ticker (a replica or
 * the pg_cron job count too: the rollup is fresh either way), succeeded within {@code maxStaleness};
 * otherwise down, with the reasons.
 */
public final class HealthCheck {

    private final Duration maxStaleness;

    public HealthCheck(Duration maxStaleness) {
        this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
    }

    public HealthReport check(StatusMonitor.Snapshot snapshot, Instant now) {
        List<String> reasons = new ArrayList<>();
        Optional<RollupStatus> status = snapshot.current(now);
        Optional<Duration> sinceLastSuccess = status.flatMap(RollupStatus::sinceLastSuccess)
                .map(age -> age.plus(snapshot.sinceAnswer(now)));
        if (status.isEmpty()) {
            reasons.add(snapshot.failure().map(error -> "the database does not answer: " + error)
                    .orElse(snapshot.answeredAt().isEmpty()
                            ? "the database has not answered yet"
                            : "the database has not answered for " + snapshot.sinceAnswer(now).toSeconds() + " s"));
        } else if (sinceLastSuccess.isEmpty()) {
            reasons.add("no tick has succeeded yet");
        } else if (sinceLastSuccess.get().compareTo(maxStaleness) > 0) {
            reasons.add("the last successful tick finished " + sinceLastSuccess.get().toSeconds()
                    + " s ago, more than the " + maxStaleness.toSeconds() + " s --health-max-staleness allows");
        }
        boolean up = reasons.isEmpty();
        String json = new JsonObject()
                .put("status", up ? "up" : "down")
                .putStrings("reasons", reasons)
                .put("database", status.isPresent() ? "up" : "down")
                .put("lastSuccessAt", status.flatMap(RollupStatus::lastSuccessAt).map(Instant::toString).orElse(null))
                .put("secondsSinceLastSuccess", sinceLastSuccess.map(Duration::toSeconds).orElse(null))
                .put("maxStalenessSeconds", maxStaleness.toSeconds())
                .put("lastError", status.flatMap(RollupStatus::lastError).orElse(null))
                .put("lastTickHere", snapshot.lastTick().map(TickMetrics::outcomeOf).orElse(null))
                .toString();
        return new HealthReport(up, json);
    }

    /** The verdict and the small JSON body that says why. */
    public record HealthReport(boolean up, String json) {
    }

    /** Just enough JSON for one flat object of strings, numbers, nulls and a list of strings. */
    private static final class JsonObject {

        private final StringBuilder json = new StringBuilder("{");

        JsonObject put(String name, String value) {
            return field(name, value == null ? "null" : quoted(value));
        }

        JsonObject put(String name, Long value) {
            return field(name, value == null ? "null" : value.toString());
        }

        JsonObject putStrings(String name, List<String> values) {
            return field(name, "[" + String.join(",", values.stream().map(JsonObject::quoted).toList()) + "]");
        }

        private JsonObject field(String name, String value) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quoted(name)).append(':').append(value);
            return this;
        }

        @Override
        public String toString() {
            return json + "}";
        }

        private static String quoted(String text) {
            StringBuilder quoted = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                switch (c) {
                    case '"' -> quoted.append("\\\"");
                    case '\\' -> quoted.append("\\\\");
                    case '\n' -> quoted.append("\\n");
                    case '\r' -> quoted.append("\\r");
                    case '\t' -> quoted.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            quoted.append(String.format("\\u%04x", (int) c));
                        } else {
                            quoted.append(c);
                        }
                    }
                }
            }
            return quoted.append('"').toString();
        }
    }
}
