package dev.tally.report;

import dev.tally.app.BadUsageException;
import java.time.Duration;
import java.util.Objects;

/** How report-app serves: where it listens, and how long one report query may run. */
public record ReportSettings(String httpHost, int httpPort, Duration queryTimeout) {

    public ReportSettings {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (httpHost.isBlank()) {
            throw new BadUsageException("--http-host (TALLY_REPORT_HTTP_HOST) must name an address to listen on, "
                    + "such as 127.0.0.1 or 0.0.0.0");
        }
        if (httpPort < 0 || httpPort > 65_535) {
            throw new BadUsageException("--http-port (TALLY_REPORT_HTTP_PORT) must be a port from 0 to 65535 "
                    + "(0 picks a free one), got " + httpPort);
        }
        if (queryTimeout.isNegative() || queryTimeout.toMillis() < 1) {
            throw new BadUsageException("--query-timeout (TALLY_REPORT_QUERY_TIMEOUT) must be a positive ISO-8601 "
                    + "duration such as PT30S, got " + queryTimeout);
        }
    }
}
