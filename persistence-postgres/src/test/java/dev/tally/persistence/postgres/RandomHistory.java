package dev.tally.persistence.postgres;

import dev.tally.domain.rollup.UsagePlatform;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.Sql;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Random platform writes of every kind the pipeline must follow: new and late usage, corrections,
 * extra models, reassignments, issue links and moves, and deletes of every entity type. Choices are
 * drawn from a seeded Random and targets are picked by position in id order, so a seed replays the
 * same sequence on an empty database.
 */
final class RandomHistory {

    private static final List<String> PROVIDERS = List.of("anthropic", "OpenAI", "google");
    private static final List<String> MODELS = List.of("sonnet", "opus", "gpt-5", "gemini");

    private final UsagePlatform platform;
    private final Sql sql;
    private final Random random;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    RandomHistory(UsagePlatform platform, DataSource dataSource, Random random) {
        this.platform = platform;
        this.sql = new Sql(dataSource);
        this.random = random;
    }

    /** One random write. */
    void step() {
        int roll = random.nextInt(100);
        if (roll < 4 || count("workspace") == 0) {
            aWorkspaceWithARuntimeAndAnAgent();
        } else if (roll < 40) {
            newUsage();
        } else if (roll < 52) {
            pick("task_usage").ifPresent(this::correct);
        } else if (roll < 57) {
            pick("agent_task_queue").ifPresent(task -> platform.reportUsage(task, provider(), model(), someTime(),
                    tokens()));
        } else if (roll < 64) {
            pick("agent_task_queue").ifPresent(this::reassign);
        } else if (roll < 70) {
            pick("agent_task_queue").ifPresent(this::relink);
        } else if (roll < 75) {
            pick("issue").ifPresent(this::moveIssue);
        } else if (roll < 79) {
            pick("project").ifPresent(project -> {
                UUID workspace = workspaceOf("project", project);
                platform.anIssueIn(workspace, random.nextBoolean() ? project : null);
            });
        } else if (roll < 81) {
            pick("workspace").ifPresent(platform::aProjectIn);
        } else if (roll < 82) {
            pick("agent").ifPresent(agent -> platform.anAgentIn(workspaceOf("agent", agent), runtimeOf(agent)));
        } else if (roll < 83) {
            pick("agent").ifPresent(this::moveAgent);
        } else if (roll < 87) {
            pick("task_usage").ifPresent(usage -> sql.update("DELETE FROM task_usage WHERE id = ?", usage));
        } else if (roll < 90) {
            pick("agent_task_queue").ifPresent(platform::deleteTask);
        } else if (roll < 92) {
            pick("issue").ifPresent(platform::deleteIssue);
        } else if (roll < 94) {
            pick("project").ifPresent(platform::deleteProject);
        } else if (roll < 96) {
            pick("agent").ifPresent(platform::deleteAgent);
        } else if (roll < 98) {
            pick("agent_runtime").filter(this::noAgentRunsOn).ifPresent(platform::deleteRuntime);
        } else {
            pick("workspace").ifPresent(platform::deleteWorkspace);
        }
    }

    private void aWorkspaceWithARuntimeAndAnAgent() {
        UUID workspace = platform.aWorkspace();
        UUID runtime = platform.aRuntimeIn(workspace);
        platform.aRuntimeIn(workspace);
        platform.anAgentIn(workspace, runtime);
        platform.aProjectIn(workspace);
    }

    private void newUsage() {
        pick("agent").ifPresent(agent -> {
            UUID workspace = workspaceOf("agent", agent);
            UUID runtime = pickWhere("agent_runtime", "workspace_id", workspace).orElse(runtimeOf(agent));
            UUID issue = random.nextInt(3) == 0 ? null : pickWhere("issue", "workspace_id", workspace).orElse(null);
            UUID task = platform.aTask(agent, runtime, issue);
            platform.reportUsage(task, provider(), model(), someTime(), tokens());
        });
    }

    private void correct(UUID usage) {
        sql.query("SELECT task_id, provider, model, created_at FROM task_usage WHERE id = ?", row -> {
            platform.reportUsage(row.getObject(1, UUID.class), row.getString(2), row.getString(3),
                    row.getObject(4, java.time.OffsetDateTime.class).toInstant(), tokens());
            return null;
        }, usage);
    }

    private void reassign(UUID task) {
        UUID workspace = sql.single("SELECT a.workspace_id FROM agent_task_queue t JOIN agent a ON a.id = t.agent_id "
                + "WHERE t.id = ?", UUID.class, task);
        pickWhere("agent_runtime", "workspace_id", workspace).ifPresent(runtime -> platform.reassignTaskToRuntime(task, runtime));
    }

    private void relink(UUID task) {
        UUID workspace = sql.single("SELECT a.workspace_id FROM agent_task_queue t JOIN agent a ON a.id = t.agent_id "
                + "WHERE t.id = ?", UUID.class, task);
        platform.linkTaskToIssue(task, random.nextInt(4) == 0 ? null : pickWhere("issue", "workspace_id", workspace).orElse(null));
    }

    /** To another workspace, with one of its runtimes (the agent's own runtime must outlive the move). */
    private void moveAgent(UUID agent) {
        pick("workspace").ifPresent(workspace -> pickWhere("agent_runtime", "workspace_id", workspace).ifPresent(runtime ->
                sql.update("UPDATE agent SET workspace_id = ?, runtime_id = ? WHERE id = ?", workspace, runtime, agent)));
    }

    private void moveIssue(UUID issue) {
        UUID workspace = workspaceOf("issue", issue);
        platform.moveIssueToProject(issue, random.nextInt(4) == 0 ? null : pickWhere("project", "workspace_id", workspace).orElse(null));
    }

    private boolean noAgentRunsOn(UUID runtime) {
        return sql.count("SELECT count(*) FROM agent WHERE runtime_id = ?", runtime) == 0;
    }

    /** Usage from the last ten days: recent rows and late ones, written now. */
    private Instant someTime() {
        return now.minus(random.nextInt(10 * 24 * 60), ChronoUnit.MINUTES);
    }

    private Tokens tokens() {
        return new Tokens(random.nextInt(10_000), random.nextInt(2_000), random.nextInt(500), random.nextInt(100));
    }

    private String provider() {
        return PROVIDERS.get(random.nextInt(PROVIDERS.size()));
    }

    private String model() {
        return MODELS.get(random.nextInt(MODELS.size()));
    }

    private long count(String table) {
        return sql.count("SELECT count(*) FROM " + table);
    }

    private Optional<UUID> pick(String table) {
        long rows = count(table);
        return rows == 0 ? Optional.empty() : Optional.of(sql.single(
                "SELECT id FROM " + table + " ORDER BY id LIMIT 1 OFFSET ?", UUID.class, random.nextInt((int) rows)));
    }

    private Optional<UUID> pickWhere(String table, String column, UUID value) {
        long rows = sql.count("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", value);
        return rows == 0 ? Optional.empty() : Optional.of(sql.single("SELECT id FROM " + table + " WHERE " + column
                + " = ? ORDER BY id LIMIT 1 OFFSET ?", UUID.class, value, random.nextInt((int) rows)));
    }

    private UUID workspaceOf(String table, UUID id) {
        return sql.single("SELECT workspace_id FROM " + table + " WHERE id = ?", UUID.class, id);
    }

    private UUID runtimeOf(UUID agent) {
        return sql.single("SELECT runtime_id FROM agent WHERE id = ?", UUID.class, agent);
    }
}
