package dev.tally.domain.report;

import java.util.Objects;

/** How a report request ended. */
public sealed interface ReportOutcome<R> permits ReportOutcome.Ready, ReportOutcome.NotFound, ReportOutcome.Rejected {

    record Ready<R>(UsageReport<R> report) implements ReportOutcome<R> {

        public Ready {
            Objects.requireNonNull(report, "report");
        }
    }

    /**
     * The workspace or runtime does not exist or the caller is not a member of its workspace; the
     * two are not told apart, so a report never reveals what exists.
     */
    record NotFound<R>(String message) implements ReportOutcome<R> {

        public NotFound {
            Objects.requireNonNull(message, "message");
        }
    }

    /** A parameter is malformed or out of range; the message names it. */
    record Rejected<R>(String parameter, String message) implements ReportOutcome<R> {

        public Rejected {
            Objects.requireNonNull(parameter, "parameter");
            Objects.requireNonNull(message, "message");
        }
    }
}
