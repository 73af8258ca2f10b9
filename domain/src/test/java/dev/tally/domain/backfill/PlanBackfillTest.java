package dev.tally.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PlanBackfillTest {

    private static final UUID WORKSPACE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID OTHER = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID ALL = BackfillSlice.ALL_WORKSPACES;

    @Test
    void allHistoryRunsFromTheOldestRowToTheNewestChangeIncludingLateCorrections() {
        InMemoryBackfill store = new InMemoryBackfill(List.of(WORKSPACE),
                new HistorySpan(Instant.parse("2026-03-01T10:20:00Z"), Instant.parse("2026-03-03T07:05:00Z")));

        BackfillPlan plan = new PlanBackfill(store).plan(all(SliceLength.DAY));

        assertThat(plan.slices()).containsExactly(
                new BackfillSlice(ALL, Instant.parse("2026-03-01T10:00:00Z"), Instant.parse("2026-03-02T00:00:00Z")),
                new BackfillSlice(ALL, Instant.parse("2026-03-02T00:00:00Z"), Instant.parse("2026-03-03T00:00:00Z")),
                new BackfillSlice(ALL, Instant.parse("2026-03-03T00:00:00Z"), Instant.parse("2026-03-03T08:00:00Z")));
    }

    @Test
    void anUncountedPlanHasTheSameSlicesAndNeverReadsTheRawRows() {
        InMemoryBackfill store = new InMemoryBackfill(List.of(WORKSPACE, OTHER),
                new HistorySpan(Instant.parse("2026-03-01T10:20:00Z"), Instant.parse("2026-03-09T07:05:00Z")));
        PlanBackfill planner = new PlanBackfill(store);

        BackfillPlan uncounted = planner.uncounted(all(SliceLength.DAY));
        int countsAfterUncounted = store.rawRowCounts;
        BackfillPlan counted = planner.plan(all(SliceLength.DAY));

        assertThat(countsAfterUncounted).isZero();
        assertThat(uncounted.rawRows()).isEmpty();
        assertThat(counted.rawRows()).map(RawRowCount::total).contains(20L);
        assertThat(uncounted.slices()).isEqualTo(counted.slices()).hasSize(9);
    }

    @Test
    void explicitDatesAreWholeUtcDaysClippingCalendarSlices() {
        InMemoryBackfill store = new InMemoryBackfill(List.of(WORKSPACE, OTHER), null);

        BackfillPlan plan = new PlanBackfill(store).plan(new BackfillRequest(List.of(OTHER),
                Optional.of(LocalDate.parse("2026-01-30")), Optional.of(LocalDate.parse("2026-02-02")), SliceLength.MONTH));

        assertThat(plan.slices()).containsExactly(
                new BackfillSlice(OTHER, Instant.parse("2026-01-30T00:00:00Z"), Instant.parse("2026-02-01T00:00:00Z")),
                new BackfillSlice(OTHER, Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-03T00:00:00Z")));
        assertThat(plan.request().coversEverything()).isFalse();
    }

    @Test
    void everyWorkspaceGivenGetsItsOwnSlicesPeriodByPeriod() {
        InMemoryBackfill store = new InMemoryBackfill(List.of(WORKSPACE, OTHER),
                new HistorySpan(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z")));

        BackfillPlan plan = new PlanBackfill(store).plan(new BackfillRequest(List.of(OTHER, WORKSPACE), Optional.empty(),
                Optional.empty(), SliceLength.WEEK));

        assertThat(plan.slices()).extracting(BackfillSlice::workspaceId)
                .containsExactly(WORKSPACE, OTHER, WORKSPACE, OTHER);
        assertThat(plan.slices().get(0).samePeriodAs(plan.slices().get(1))).isTrue();
        assertThat(plan.slices().get(1).samePeriodAs(plan.slices().get(2))).isFalse();
    }

    @Test
    void withoutWorkspacesOneSlicePerPeriodCoversEveryWorkspaceEvenWhenNoneIsLeft() {
        InMemoryBackfill store = new InMemoryBackfill(List.of(),
                new HistorySpan(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-09T00:00:00Z")));

        BackfillPlan plan = new PlanBackfill(store).plan(all(SliceLength.WEEK));

        assertThat(plan.slices()).extracting(BackfillSlice::workspaceId).containsExactly(ALL, ALL);
        assertThat(plan.slices().get(0).coversAllWorkspaces()).isTrue();
    }

    @Test
    void noUsageMeansNoSlices() {
        BackfillPlan plan = new PlanBackfill(new InMemoryBackfill(List.of(WORKSPACE), null)).plan(all(SliceLength.DAY));

        assertThat(plan.slices()).isEmpty();
    }

    @Test
    void anUnknownWorkspaceIsRejected() {
        InMemoryBackfill store = new InMemoryBackfill(List.of(WORKSPACE), null);

        assertThatThrownBy(() -> new PlanBackfill(store).plan(new BackfillRequest(List.of(OTHER), Optional.empty(),
                Optional.empty(), SliceLength.DAY)))
                .isInstanceOf(BackfillRejected.class)
                .hasMessageContaining(OTHER.toString());
    }

    @Test
    void fromAfterToIsRejected() {
        assertThatThrownBy(() -> new BackfillRequest(List.of(), Optional.of(LocalDate.parse("2026-02-02")),
                Optional.of(LocalDate.parse("2026-02-01")), SliceLength.DAY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("after");
    }

    @Test
    void sliceLengthsParseOnlyTheirIsoForms() {
        assertThat(SliceLength.parse("p7d")).isEqualTo(SliceLength.WEEK);
        assertThatThrownBy(() -> SliceLength.parse("P2D")).hasMessageContaining("P1D, P7D, P1M");
    }

    @Test
    void theRunKeyNamesTheRequestNotTheHistorySoAResumeFindsItsRun() {
        assertThat(all(SliceLength.DAY).runKey()).isEqualTo("workspaces=all;from=start;to=end;slice=P1D");
        assertThat(new BackfillRequest(List.of(OTHER, WORKSPACE), Optional.empty(), Optional.empty(), SliceLength.DAY).runKey())
                .isEqualTo(new BackfillRequest(List.of(WORKSPACE, OTHER), Optional.empty(), Optional.empty(),
                        SliceLength.DAY).runKey());
    }

    private static BackfillRequest all(SliceLength slice) {
        return new BackfillRequest(List.of(), Optional.empty(), Optional.empty(), slice);
    }
}
