package dev.tally.backfill;

import dev.tally.domain.backfill.BackfillOutcome;
import dev.tally.domain.backfill.BackfillPlan;
import dev.tally.domain.backfill.BackfillSlice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** The plan a run shows before it starts (all that --dry-run does) and the summary it ends with. */
final class BackfillReport {

    /** Beyond this, the plan lists the workspaces with the most raw rows and counts the rest. */
    private static final int WORKSPACES_LISTED = 10;

    private BackfillReport() {
    }

    static String plan(BackfillPlan plan) {
        StringBuilder text = new StringBuilder("Backfill plan\n");
        boolean everything = plan.request().coversEverything();
        line(text, "workspaces", plan.request().workspaces().isEmpty()
                ? "all (" + plan.workspaces().size() + ")"
                : plan.workspaces().size() + " given");
        line(text, "slices", plan.slices().isEmpty()
                ? "none: no usage in the range"
                : Formats.count(plan.slices().size()) + " of up to " + plan.request().slice().iso()
                        + (plan.request().workspaces().isEmpty()
                                ? " for every workspace at once, deleted ones included (their rows go)"
                                : " per workspace; the workspaces of one period run in one transaction")
                        + " under the tick lock");
        if (!plan.slices().isEmpty()) {
            line(text, "range", range(plan) + " (UTC, end excluded)");
        }
        line(text, "raw rows", plan.rawRows()
                .map(rows -> "about " + Formats.count(rows.total()) + " (counted now; writers may add more)")
                .orElse("counted as the run reads them (--dry-run counts them first)"));
        line(text, "watermark", everything
                ? "advances to the moment this run first started, once every slice is done (never backwards)"
                : "left alone: --workspace, --from or --to make this a partial run");
        boolean somethingPerWorkspace = plan.rawRows().isPresent() || !plan.request().workspaces().isEmpty();
        if (plan.workspaces().size() > 1 && !plan.slices().isEmpty() && somethingPerWorkspace) {
            byWorkspace(text, plan);
        }
        return text.toString();
    }

    /** The workspaces with the most raw rows first, each with its raw rows (when counted) and slices (when given). */
    private static void byWorkspace(StringBuilder text, BackfillPlan plan) {
        text.append("  by workspace:\n");
        Map<UUID, Long> slicesByWorkspace = plan.slices().stream()
                .collect(Collectors.groupingBy(BackfillSlice::workspaceId, Collectors.counting()));
        plan.workspaces().stream()
                .sorted(Comparator.comparing((UUID id) -> plan.rawRows().map(counted -> counted.of(id)).orElse(0L))
                        .reversed())
                .limit(WORKSPACES_LISTED)
                .forEach(id -> {
                    List<String> figures = new ArrayList<>();
                    plan.rawRows().ifPresent(counted -> figures.add(Formats.count(counted.of(id)) + " raw rows"));
                    if (!plan.request().workspaces().isEmpty()) {
                        figures.add(Formats.count(slicesByWorkspace.getOrDefault(id, 0L)) + " slices");
                    }
                    text.append("    ").append(id).append("  ").append(String.join(", ", figures)).append('\n');
                });
        if (plan.workspaces().size() > WORKSPACES_LISTED) {
            text.append("    ... and ").append(plan.workspaces().size() - WORKSPACES_LISTED).append(" more\n");
        }
    }

    static String summary(BackfillOutcome outcome, Throughput throughput) {
        StringBuilder text = new StringBuilder();
        if (outcome instanceof BackfillOutcome.Finished finished) {
            text.append("Backfill finished in ").append(Formats.duration(throughput.elapsed())).append('\n');
            line(text, "slices", Formats.count(finished.slicesRun()) + " run, " + Formats.count(finished.slicesSkipped())
                    + " skipped (committed by an earlier attempt)");
            line(text, "raw rows", Formats.count(finished.rawRows()) + " read, "
                    + Formats.count(throughput.rawRowsPerSecond()) + " per second");
            line(text, "hourly rows", Formats.count(finished.rowsWritten()) + " written, "
                    + Formats.count(finished.rowsDeleted()) + " deleted");
            line(text, "watermark", finished.watermark()
                    .map(watermark -> watermark + ": the rollup continues from there")
                    .orElse("left alone (a partial run)"));
        } else if (outcome instanceof BackfillOutcome.Stopped stopped) {
            text.append("Backfill stopped on request after ").append(Formats.duration(throughput.elapsed())).append('\n');
            line(text, "slices", Formats.count(stopped.slicesRun()) + " committed, " + Formats.count(stopped.slicesLeft())
                    + " left");
            line(text, "raw rows", Formats.count(throughput.rawRows()) + " read");
            line(text, "watermark", "left alone until a run over everything finishes");
            text.append("Nothing is half-written. To resume, run the same command again (the same --workspace, --from, ")
                    .append("--to and --slice): it skips the committed slices.\n");
        }
        return text.toString();
    }

    private static String range(BackfillPlan plan) {
        Instant from = plan.slices().stream().map(BackfillSlice::from).min(Comparator.naturalOrder()).orElseThrow();
        Instant to = plan.slices().stream().map(BackfillSlice::to).max(Comparator.naturalOrder()).orElseThrow();
        return from + " to " + to;
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-12s %s\n", label + ":", value));
    }
}
