package dev.tally.backfill;

import dev.tally.domain.backfill.BackfillSlice;
import java.time.Duration;
import java.util.Locale;

/** How backfill-app writes numbers and durations for people: the same in every locale. */
final class Formats {

    private Formats() {
    }

    static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /** {@code 350 ms}, {@code 42 s}, {@code 3m 05s}, {@code 2h 07m}. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 1) {
            return duration.toMillis() + " ms";
        }
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3600, seconds % 3600 / 60);
    }

    /** {@code workspace 3f2b8c1e-... [2026-03-01T00:00:00Z, 2026-03-08T00:00:00Z)}. */
    static String slice(BackfillSlice slice) {
        return (slice.coversAllWorkspaces() ? "all workspaces" : "workspace " + slice.workspaceId()) + " [" + slice.from() + ", " + slice.to() + ")";
    }
}
