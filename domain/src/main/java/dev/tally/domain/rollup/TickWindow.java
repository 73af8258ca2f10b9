package dev.tally.domain.rollup;

import java.time.Instant;
import java.util.Objects;

/**
 * The half-open span {@code [from, to)} of raw-row changes ({@code updated_at}) one tick sweeps.
 * An empty window still processes the dirty-key queue; it only leaves the watermark where it is.
 */
public record TickWindow(Instant from, Instant to) {

    public TickWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a window cannot end before it starts: [" + from + ", " + to + ")");
        }
    }

    public static TickWindow emptyAt(Instant watermark) {
        return new TickWindow(watermark, watermark);
    }

    public boolean isEmpty() {
        return from.equals(to);
    }

    @Override
    public String toString() {
        return "[" + from + ", " + to + ")";
    }
}
