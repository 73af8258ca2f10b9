package dev.tally.domain.report;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * What every report does around its read: resolve the viewing timezone (the request's {@code tz},
 * else the caller's stored one, else UTC), apply the endpoint's range rule to the caller's local
 * today, read, and state the window and freshness (what the server read on was current to). Shared
 * so that every report agrees on them.
 */
public final class ReportPlanner {

    private final TimezoneRules timezones;
    private final UserPreferences preferences;
    private final Clock clock;

    public ReportPlanner(TimezoneRules timezones, UserPreferences preferences, Clock clock) {
        this.timezones = Objects.requireNonNull(timezones, "timezones");
        this.preferences = Objects.requireNonNull(preferences, "preferences");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Plans the window and runs {@code read} over it. {@code read} may reject a parameter of its
     * own (a {@link RejectedParameter}) before it reads anything.
     */
    public <R> ReportOutcome<R> run(Caller caller, ReportRequest request, RangeRule rule,
                                    Function<ReportWindow, UsageSnapshot<R>> read) {
        try {
            Instant now = clock.instant();
            ViewingTimezone timezone = request.tz().isPresent()
                    ? timezones.resolve(request.tz(), Optional.empty())
                    : timezones.resolve(Optional.empty(), preferences.storedTimezone(caller.userId()));
            LocalDate today = LocalDate.ofInstant(now, timezone.zone());
            ReportWindow window = new ReportWindow(timezone, rule.rangeFor(request, today));
            UsageSnapshot<R> snapshot = read.apply(window);
            // A standby's snapshot is current to what it had replayed, not to the request.
            Instant currentTo = snapshot.source() instanceof ReadSource.Standby standby ? standby.currentTo() : now;
            return new ReportOutcome.Ready<>(new UsageReport<>(window, snapshot.rolledUpThrough(), currentTo,
                    snapshot.rows(), snapshot.source()));
        } catch (RejectedParameter e) {
            return new ReportOutcome.Rejected<>(e.parameter(), e.getMessage());
        }
    }

    /** The scope of a workspace report, narrowed to the request's {@code project_id} when it has one. */
    public static UsageScope.Workspace workspaceScope(UUID workspaceId, ReportRequest request) {
        return new UsageScope.Workspace(workspaceId, request.projectId().map(ReportPlanner::parseProjectId));
    }

    private static UUID parseProjectId(String value) {
        return CanonicalUuid.parse(value).orElseThrow(
                () -> new RejectedParameter("project_id", "project_id must be a UUID (got '" + value + "')"));
    }
}
