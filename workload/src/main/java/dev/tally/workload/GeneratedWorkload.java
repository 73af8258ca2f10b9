package dev.tally.workload;

import java.time.Duration;

/** What a generation produced: raw rows, the hourly keys they map to, and how long it took. */
public record GeneratedWorkload(long rawRows, long hourlyKeys, Duration took) {

    public double rawRowsPerHourlyRow() {
        return hourlyKeys == 0 ? 0 : (double) rawRows / hourlyKeys;
    }

    @Override
    public String toString() {
        return String.format("%,d raw rows in %,d hourly keys (%.1f rows per hourly row), generated in %.1f s",
                rawRows, hourlyKeys, rawRowsPerHourlyRow(), took.toMillis() / 1000.0);
    }
}
