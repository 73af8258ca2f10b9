package dev.tally.workload;

/**
 * How much to generate. Agents run several tasks an hour in busy hours, each agent sticks mostly to
 * one project and one model, so an hourly rollup row sums about 5 to 10 raw rows, as in production.
 *
 * @param workspaces           sample workspaces (slugs start with {@code sample-})
 * @param agentsPerWorkspace   agents, spread over two runtimes per workspace
 * @param days                 days of history ending now
 * @param targetRawRows        about how many task_usage rows to create
 * @param lateCorrections      usage rows corrected after the fact (updated_at within the last day)
 * @param reassignments        tasks moved to another runtime after the fact
 * @param deletions            tasks deleted after the fact
 */
public record WorkloadShape(int workspaces, int agentsPerWorkspace, int days, long targetRawRows, int lateCorrections,
        int reassignments, int deletions) {

    public WorkloadShape {
        if (workspaces < 1 || agentsPerWorkspace < 1 || days < 1 || targetRawRows < 1) {
            throw new IllegalArgumentException("workspaces, agents, days and rows must be positive");
        }
        if (lateCorrections < 0 || reassignments < 0 || deletions < 0) {
            throw new IllegalArgumentException("corrections, reassignments and deletions cannot be negative");
        }
    }

    /** The quickstart's sample: small enough to generate and roll up in seconds. */
    public static WorkloadShape sample() {
        return new WorkloadShape(3, 2, 30, 40_000, 40, 25, 10);
    }

    /** A benchmark history of about {@code rawRows} rows over 90 days, about ten rows per busy agent-hour. */
    public static WorkloadShape benchmark(long rawRows) {
        int workspaces = 8;
        int agentsPerWorkspace = (int) Math.max(1, rawRows / (workspaces * 90L * 24 * 10));
        return new WorkloadShape(workspaces, agentsPerWorkspace, 90, rawRows, 0, 0, 0);
    }
}
