package dev.tally.domain.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RunBackfillTest {

    private static final UUID WORKSPACE = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final HistorySpan FOUR_DAYS =
            new HistorySpan(Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-04T12:00:00Z"));

    private final InMemoryBackfill store = new InMemoryBackfill(List.of(WORKSPACE), FOUR_DAYS);
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void aFullRunProcessesEverySliceAndAdvancesTheWatermarkToItsHorizon() {
        BackfillOutcome outcome = run(all(), () -> false);

        assertThat(store.ran).hasSize(4);
        assertThat(outcome).isEqualTo(new BackfillOutcome.Finished(4, 0, 40, 8, 4, Optional.of(store.horizon)));
        assertThat(store.finished).isTrue();
    }

    @Test
    void aRangedRunLeavesTheWatermark() {
        BackfillRequest ranged = new BackfillRequest(List.of(), Optional.of(LocalDate.parse("2026-03-02")),
                Optional.empty(), SliceLength.DAY);

        BackfillOutcome outcome = run(ranged, () -> false);

        assertThat(outcome).isInstanceOfSatisfying(BackfillOutcome.Finished.class,
                finished -> assertThat(finished.watermark()).isEmpty());
        assertThat(store.watermark).isEqualTo(Instant.EPOCH);
    }

    @Test
    void aStopRequestEndsTheRunBetweenSlicesAndTheNextRunSkipsWhatCommitted() {
        BackfillOutcome stopped = run(all(), () -> store.ran.size() >= 2);
        assertThat(stopped).isEqualTo(new BackfillOutcome.Stopped(2, 2));

        BackfillOutcome resumed = run(all(), () -> false);

        assertThat(resumed).isInstanceOfSatisfying(BackfillOutcome.Finished.class, finished -> {
            assertThat(finished.slicesSkipped()).isEqualTo(2);
            assertThat(finished.slicesRun()).isEqualTo(2);
        });
        assertThat(store.ran).doesNotHaveDuplicates();
        assertThat(store.staged).as("each attempt stages what it has left to run, before running it").hasSize(2);
        assertThat(store.staged.get(0)).hasSize(4);
        assertThat(store.staged.get(1)).hasSize(2).doesNotContainAnyElementsOf(store.ran.subList(0, 2));
    }

    @Test
    void aFullRunCoversEveryWorkspaceWhateverExistedWhenItWasPlanned() {
        UUID newcomer = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        List<UUID> workspaces = new ArrayList<>(List.of(WORKSPACE));
        InMemoryBackfill growing = new InMemoryBackfill(workspaces, FOUR_DAYS);
        BackfillPlan planBeforeTheHorizon = new PlanBackfill(growing).plan(all());
        workspaces.add(newcomer);

        BackfillOutcome outcome = runner(growing)
                .run(planBeforeTheHorizon, Duration.ZERO, () -> false, BackfillProgress.SILENT);

        assertThat(growing.ran).isNotEmpty().extracting(BackfillSlice::workspaceId)
                .containsOnly(BackfillSlice.ALL_WORKSPACES);
        assertThat(outcome).isInstanceOfSatisfying(BackfillOutcome.Finished.class,
                finished -> assertThat(finished.watermark()).contains(growing.horizon));
    }

    @Test
    void theWorkspacesOfOnePeriodRunInOneTransaction() {
        UUID other = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        InMemoryBackfill two = new InMemoryBackfill(List.of(WORKSPACE, other), FOUR_DAYS);

        BackfillOutcome outcome = runner(two)
                .run(new PlanBackfill(two).plan(both(other)), Duration.ZERO, () -> false, BackfillProgress.SILENT);

        assertThat(two.batches).hasSize(4).allSatisfy(batch -> assertThat(batch)
                .extracting(BackfillSlice::workspaceId).containsExactly(WORKSPACE, other));
        assertThat(outcome).isEqualTo(new BackfillOutcome.Finished(8, 0, 80, 16, 8, Optional.empty()));
    }

    @Test
    void aResumedRunSkipsTheCommittedWorkspacesOfAPeriodAndRunsTheRest() {
        UUID other = UUID.fromString("00000000-0000-0000-0000-00000000000b");
        InMemoryBackfill two = new InMemoryBackfill(List.of(WORKSPACE, other), FOUR_DAYS);
        BackfillPlan plan = new PlanBackfill(two).plan(both(other));
        two.completed.add(plan.slices().get(0));

        BackfillOutcome outcome = runner(two)
                .run(plan, Duration.ZERO, () -> false, BackfillProgress.SILENT);

        assertThat(two.batches.get(0)).containsExactly(plan.slices().get(1));
        assertThat(two.ran).doesNotContain(plan.slices().get(0)).hasSize(7);
        assertThat(outcome).isInstanceOfSatisfying(BackfillOutcome.Finished.class,
                finished -> assertThat(finished.slicesSkipped()).isEqualTo(1));
    }

    @Test
    void itPausesBetweenSlicesButNotBeforeTheFirst() {
        runner(store).run(new PlanBackfill(store).plan(all()), Duration.ofSeconds(2), () -> false,
                BackfillProgress.SILENT);

        assertThat(pauses).hasSize(3).containsOnly(Duration.ofSeconds(2));
    }

    private BackfillOutcome run(BackfillRequest request, java.util.function.BooleanSupplier stop) {
        return runner(store)
                .run(new PlanBackfill(store).plan(request), Duration.ZERO, stop, BackfillProgress.SILENT);
    }

    private RunBackfill runner(InMemoryBackfill ports) {
        return new RunBackfill(new PlanBackfill(ports), ports, ports, ports, pauses::add);
    }

    private static BackfillRequest all() {
        return new BackfillRequest(List.of(), Optional.empty(), Optional.empty(), SliceLength.DAY);
    }

    private static BackfillRequest both(UUID other) {
        return new BackfillRequest(List.of(WORKSPACE, other), Optional.empty(), Optional.empty(), SliceLength.DAY);
    }
}
