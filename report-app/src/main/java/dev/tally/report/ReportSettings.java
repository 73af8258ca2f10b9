package dev.tally.report;

import dev.tally.app.BadUsageException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How report-app serves: where it listens, how long one report query may run, and the hot standbys
 * it reads reports from (none: every report is read on the primary) with how far behind the
 * primary one may be.
 */
public record ReportSettings(String httpHost, int httpPort, Duration queryTimeout, List<String> readDbUrls,
                             Duration maxReplicaLag) {

    public static final Duration DEFAULT_MAX_REPLICA_LAG = Duration.ofSeconds(10);

    public ReportSettings {
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        Objects.requireNonNull(maxReplicaLag, "maxReplicaLag");
        readDbUrls = List.copyOf(readDbUrls);
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
        for (String url : readDbUrls) {
            if (!url.startsWith("jdbc:postgresql:")) {
                throw new BadUsageException("--read-db-url (TALLY_READ_DB_URLS) must be the PostgreSQL JDBC URL of a "
                        + "hot standby such as jdbc:postgresql://standby1:5432/tally, got: " + url);
            }
        }
        if (maxReplicaLag.isNegative()) {
            throw new BadUsageException("--max-replica-lag (TALLY_MAX_REPLICA_LAG) must be an ISO-8601 duration of "
                    + "zero or more such as PT10S, got " + maxReplicaLag);
        }
    }

    /** Every report read on the primary. */
    public ReportSettings(String httpHost, int httpPort, Duration queryTimeout) {
        this(httpHost, httpPort, queryTimeout, List.of(), DEFAULT_MAX_REPLICA_LAG);
    }
}
