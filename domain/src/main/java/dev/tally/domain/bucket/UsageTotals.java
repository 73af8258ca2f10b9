package dev.tally.domain.bucket;

/**
 * What one hourly row holds: the four token sums, the number of distinct tasks and the number of
 * usage rows that were summed.
 */
public record UsageTotals(
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheWriteTokens,
        long taskCount,
        long eventCount) {

    public UsageTotals {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("token sums cannot be negative");
        }
        if (taskCount < 1 || eventCount < taskCount) {
            throw new IllegalArgumentException(
                    "a row sums at least one event of at least one task: tasks=" + taskCount + ", events=" + eventCount);
        }
    }

    public long totalTokens() {
        return Math.addExact(Math.addExact(inputTokens, outputTokens), Math.addExact(cacheReadTokens, cacheWriteTokens));
    }
}
