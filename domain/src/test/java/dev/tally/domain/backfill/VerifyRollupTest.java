package dev.tally.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class VerifyRollupTest {

    private static final UUID A = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final LocalDate DAY = LocalDate.parse("2026-03-02");

    /** Drift until repaired; remembers the repairs. */
    private static class Drifting implements RollupDrift {
        final List<String> repairs = new ArrayList<>();
        List<DayDrift> drift = List.of(
                new DayDrift(DAY, A, 1, 0, 0, 0),
                new DayDrift(DAY, B, 0, 0, 0, 3),
                new DayDrift(DAY.plusDays(1), B, 0, 2, 1, 0));

        @Override
        public List<DayDrift> between(Instant from, Instant to, Collection<UUID> workspaces) {
            return drift;
        }

        @Override
        public long repair(Instant from, Instant to, Collection<UUID> workspaces) {
            repairs.add(from + ".." + to + " " + workspaces);
            return 1;
        }
    }

    private final InMemoryBackfill history = new InMemoryBackfill(List.of(A, B),
            new HistorySpan(Instant.parse("2026-03-02T05:10:00Z"), Instant.parse("2026-03-03T20:00:00Z")));

    @Test
    void withoutRepairItOnlyReportsOverAllHistory() {
        Drifting drift = new Drifting();

        VerifyOutcome outcome = new VerifyRollup(history, drift)
                .verify(new VerifyRequest(List.of(), Optional.empty(), Optional.empty(), false), line -> { });

        assertThat(outcome.from()).isEqualTo(Instant.parse("2026-03-02T05:00:00Z"));
        assertThat(outcome.to()).isEqualTo(Instant.parse("2026-03-03T21:00:00Z"));
        assertThat(outcome.drifted()).isTrue();
        assertThat(outcome.pending()).isTrue();
        assertThat(drift.repairs).isEmpty();
    }

    @Test
    void repairTouchesExactlyTheDriftedDaysAndWorkspacesClippedToTheScopeThenLooksAgain() {
        Drifting drift = new Drifting() {
            @Override
            public long repair(Instant from, Instant to, Collection<UUID> workspaces) {
                long rows = super.repair(from, to, workspaces);
                drift = List.of(new DayDrift(DAY, B, 0, 0, 0, 3));
                return rows;
            }
        };

        VerifyOutcome outcome = new VerifyRollup(history, drift)
                .verify(new VerifyRequest(List.of(), Optional.empty(), Optional.empty(), true), line -> { });

        assertThat(drift.repairs).containsExactly(
                "2026-03-02T05:00:00Z..2026-03-03T00:00:00Z [" + A + "]",
                "2026-03-03T00:00:00Z..2026-03-03T21:00:00Z [" + B + "]");
        assertThat(outcome.repair()).hasValueSatisfying(repair -> assertThat(repair.ranges()).isEqualTo(2));
        assertThat(outcome.drifted()).as("only pending is left").isFalse();
        assertThat(outcome.pending()).isTrue();
    }
}
