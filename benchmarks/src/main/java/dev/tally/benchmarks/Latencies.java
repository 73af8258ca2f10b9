package dev.tally.benchmarks;

import java.util.Arrays;

/** Repeated timings of one operation, in seconds: p50 and p99 by the nearest-rank method. */
record Latencies(double[] seconds) {

    Latencies {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        seconds = seconds.clone();
        Arrays.sort(seconds);
    }

    double p50() {
        return percentile(50);
    }

    double p99() {
        return percentile(99);
    }

    int count() {
        return seconds.length;
    }

    private double percentile(int p) {
        int rank = (int) Math.ceil(p / 100.0 * seconds.length);
        return seconds[Math.max(0, rank - 1)];
    }

    @Override
    public String toString() {
        return String.format("p50 %s, p99 %s (n=%d)", Figures.seconds(p50()), Figures.seconds(p99()), count());
    }
}
