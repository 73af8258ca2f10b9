package dev.tally.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.domain.backfill.BackfillSlice;
import dev.tally.domain.rollup.RunRollupTick;
import dev.tally.domain.rollup.TickOutcome;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.Sql;
import dev.tally.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Randomized differential test: seeded random histories of every kind of platform write,
 * interleaved with Java ticks, SQL ticks and backfill slices; after catching up, the rollup must
 * equal the GROUP BY oracle. A failure names its seed.
 *
 * <ul>
 *   <li>{@code -Dtally.random.sequences=5000}: the long mode (default 200 sequences).</li>
 *   <li>{@code -Dtally.random.seed=N}: rerun one sequence.</li>
 * </ul>
 */
class RandomizedRollupIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int SEQUENCES = Integer.getInteger("tally.random.sequences", 200);
    private static final Long ONLY_SEED = Long.getLong("tally.random.seed");

    @TestFactory
    Stream<DynamicTest> randomHistoriesInterleavedWithTicksAndBackfillsEndEqualToTheOracle() {
        return seeds(SEQUENCES).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> sequence(seed)));
    }

    @TestFactory
    Stream<DynamicTest> writersRacingTicksAndBackfillsLoseNothing() {
        return seeds(Math.max(5, SEQUENCES / 20)).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed,
                () -> racingSequence(seed)));
    }

    private static LongStream seeds(int count) {
        if (ONLY_SEED != null) {
            return LongStream.of(ONLY_SEED);
        }
        long base = new Random().nextLong() & 0xffff_ffffL;
        return LongStream.range(base, base + count);
    }

    private void sequence(long seed) {
        db.reset();
        Random random = new Random(seed);
        Interleaver interleaver = new Interleaver(random);
        RandomHistory history = new RandomHistory(platform(), db.dataSource(), random);
        int steps = 15 + random.nextInt(40);
        for (int i = 0; i < steps; i++) {
            history.step();
            if (random.nextInt(100) < 20) {
                interleaver.runOne();
            }
        }
        assertCaughtUpRollupMatchesOracle(seed);
    }

    private void racingSequence(long seed) throws Exception {
        db.reset();
        Random random = new Random(seed);
        RandomHistory setup = new RandomHistory(platform(), db.dataSource(), random);
        for (int i = 0; i < 20; i++) {
            setup.step();
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        RandomHistory writer = new RandomHistory(platform(), db.dataSource(), new Random(seed + 1));
        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 60; i++) {
                writer.step();
            }
            writing.set(false);
        });
        Interleaver interleaver = new Interleaver(new Random(seed + 2));
        while (writing.get()) {
            interleaver.runOne();
        }
        writes.get();
        assertCaughtUpRollupMatchesOracle(seed);
    }

    private void assertCaughtUpRollupMatchesOracle(long seed) {
        Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource()));
        assertThat(RollupOracle.differences(db.dataSource()))
                .as("rollup against the oracle; rerun with: mvn -pl persistence-postgres verify "
                        + "-Dit.test=RandomizedRollupIT -Dtally.random.seed=%d", seed)
                .isEmpty();
    }

    private PostgresUsagePlatform platform() {
        return new PostgresUsagePlatform(db.dataSource(), () -> Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource())));
    }

    /** The other side of the interleaving: a Java tick, a SQL tick, or a backfill slice of a random range. */
    private static final class Interleaver {

        private final Random random;
        private final RunRollupTick javaTick = Ticks.javaTick(db.dataSource());
        private final TallyPostgres postgres = TallyPostgres.create(db.dataSource());
        private final Sql sql = db.sql();

        Interleaver(Random random) {
            this.random = random;
        }

        void runOne() {
            switch (random.nextInt(3)) {
                case 0 -> assertThat(javaTick.tick()).isNotInstanceOf(TickOutcome.Failed.class);
                case 1 -> assertThat(Ticks.sqlTick(db.dataSource(), "0")).isNotNull();
                default -> backfillASlice();
            }
        }

        private void backfillASlice() {
            List<UUID> workspaces = sql.query("SELECT id FROM workspace ORDER BY id", row -> row.getObject(1, UUID.class));
            if (workspaces.isEmpty()) {
                return;
            }
            Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS)
                    .minus(random.nextInt(10 * 24), ChronoUnit.HOURS);
            Instant from = to.minus(1 + random.nextInt(5 * 24), ChronoUnit.HOURS);
            UUID workspace = workspaces.get(random.nextInt(workspaces.size()));
            postgres.sliceRunner().runSlices("randomized", List.of(new BackfillSlice(workspace, from, to)));
        }
    }
}
