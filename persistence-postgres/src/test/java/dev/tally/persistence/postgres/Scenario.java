package dev.tally.persistence.postgres;

import dev.tally.domain.rollup.UsagePlatform;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.TestDatabase;
import java.time.Instant;
import java.util.UUID;

/** One workspace, runtime and agent, ready to run tasks: the starting point most pipeline tests share. */
final class Scenario {

    static final Instant MORNING = Instant.parse("2026-03-10T10:15:00Z");

    final TestDatabase db;
    final UsagePlatform platform;
    final UUID workspace;
    final UUID runtime;
    final UUID agent;

    private Scenario(TestDatabase db) {
        this.db = db;
        this.platform = new PostgresUsagePlatform(db.dataSource(),
                () -> Ticks.javaTickUntilCaughtUp(Ticks.javaTick(db.dataSource())));
        this.workspace = platform.aWorkspace();
        this.runtime = platform.aRuntimeIn(workspace);
        this.agent = platform.anAgentIn(workspace, runtime);
    }

    static Scenario in(TestDatabase db) {
        return new Scenario(db);
    }

    /** A task of the agent, with one usage row of {@code inputTokens} at {@code createdAt}. */
    UUID aTaskWithUsageAt(Instant createdAt, long inputTokens) {
        UUID task = platform.aTask(agent, runtime, null);
        platform.reportUsage(task, "anthropic", "claude-sonnet", createdAt, Tokens.of(inputTokens, 1));
        return task;
    }

    /** Moves updated_at (and created_at) of every raw row of {@code task} into the past, as if written then. */
    void backdate(UUID task, Instant writtenAt) {
        db.sql().update("UPDATE task_usage SET created_at = ?, updated_at = ? WHERE task_id = ?",
                utc(writtenAt), utc(writtenAt), task);
    }

    static java.time.OffsetDateTime utc(Instant instant) {
        return instant.atOffset(java.time.ZoneOffset.UTC);
    }
}
