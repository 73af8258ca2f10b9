package dev.tally.benchmarks;

import dev.tally.persistence.postgres.TallyPostgres;
import dev.tally.workload.RollupVerifier;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** What every scenario of one history size shares: the database, Tally's adapters, the seed, the output. */
record Bench(BenchDatabase db, TallyPostgres tally, SeedPipeline seed, Plans plans, Figures figures, Settings settings,
        long size, long rawRows) {

    /** Whether this is the size issue 8's 10M targets are set for (the generator lands near, not on, the size asked for). */
    boolean atTenMillion() {
        return size >= 10_000_000;
    }

    /** The knobs of a run; the defaults are issue 8's. */
    record Settings(int newRows, int reassignments, int corrections, int reportRepeats, Duration rawScanBudget,
            int upserts, int reassignLatencySamples, Duration seedTimeout, String backfillSlice, long seedPlansUpTo) {
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    static void say(String line) {
        System.err.println(LocalTime.now(ZoneOffset.UTC).format(CLOCK) + " " + line);
    }

    /** The rollup's invariant, checked with the GROUP BY oracle; stops the run when it does not hold. */
    void verifyRollup(String after) {
        long started = System.nanoTime();
        List<String> differences = RollupVerifier.differences(db.dataSource());
        if (!differences.isEmpty()) {
            throw new IllegalStateException("the rollup differs from the raw data after " + after + ": "
                    + String.join("; ", differences.subList(0, Math.min(5, differences.size()))));
        }
        say(String.format("rollup verified exact after %s (oracle %.1f s)", after, (System.nanoTime() - started) / 1e9));
    }
}
