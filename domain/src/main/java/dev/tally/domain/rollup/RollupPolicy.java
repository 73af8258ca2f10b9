package dev.tally.domain.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which window a tick processes.
 *
 * <ul>
 *   <li>The window never reaches closer to now than {@code lag}, nor past the start of the oldest
 *       open transaction: a writer's {@code updated_at} is its transaction's start, so a row
 *       committed later can never land behind the watermark.</li>
 *   <li>At most {@code maxWindow} of changes per tick, so catching up after a pause proceeds in
 *       bounded steps instead of one enormous statement holding the tick lock.</li>
 *   <li>The cap counts from the first change after the watermark, so empty spans cost nothing: a
 *       fresh deployment over years of quiet history does not need a tick per empty day.</li>
 * </ul>
 */
public record RollupPolicy(Duration lag, Duration maxWindow) {

    /** Longer settings are mistakes, and far longer ones would overflow instant arithmetic. */
    public static final Duration LONGEST = Duration.ofDays(366);

    public static final RollupPolicy DEFAULT = new RollupPolicy(Duration.ofMinutes(5), Duration.ofDays(1));

    public RollupPolicy {
        Objects.requireNonNull(lag, "lag");
        Objects.requireNonNull(maxWindow, "maxWindow");
        if (lag.isNegative()) {
            throw new IllegalArgumentException("lag cannot be negative: " + lag);
        }
        if (maxWindow.isNegative() || maxWindow.isZero()) {
            throw new IllegalArgumentException("maxWindow must be positive: " + maxWindow);
        }
        if (lag.compareTo(LONGEST) > 0 || maxWindow.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("lag and maxWindow must be at most " + LONGEST + ": " + lag + ", " + maxWindow);
        }
    }

    /** The latest instant a window may reach now: behind the lag and behind every open transaction. */
    public Instant horizon(RollupProgress progress) {
        Instant behindLag = progress.now().minus(lag);
        return progress.oldestOpenTransactionStart()
                .filter(oldest -> oldest.isBefore(behindLag))
                .orElse(behindLag);
    }

    /** The window of the next tick; empty when the watermark has already reached the horizon. */
    public TickWindow windowFor(RollupProgress progress) {
        Instant from = progress.watermark();
        Instant horizon = horizon(progress);
        if (!horizon.isAfter(from)) {
            return TickWindow.emptyAt(from);
        }
        Instant firstChange = progress.firstChangeAtOrAfterWatermark().orElse(horizon);
        Instant capped = latest(from, firstChange).plus(maxWindow);
        return new TickWindow(from, capped.isBefore(horizon) ? capped : horizon);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Whether a tick that processed {@code window} has left nothing behind the horizon. */
    public boolean isCaughtUp(RollupProgress progress, TickWindow window) {
        return !window.to().isBefore(horizon(progress));
    }
}
