package dev.tally.domain.rollup;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.UsageTotals;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The platform's source tables as maps, with the real schema's cascades, and a rollup that every
 * tick rebuilds from scratch. It checks the contract scenarios themselves: their expected numbers
 * must hold here, where the rollup is the reference by construction.
 */
final class InMemoryUsagePlatform implements UsagePlatform {

    private record Agent(UUID workspaceId, UUID runtimeId) {
    }

    private record Issue(UUID workspaceId, UUID projectId) {

        Issue inProject(UUID newProjectId) {
            return new Issue(workspaceId, newProjectId);
        }
    }

    private record Task(UUID agentId, UUID runtimeId, UUID issueId) {

        Task onRuntime(UUID newRuntimeId) {
            return new Task(agentId, newRuntimeId, issueId);
        }

        Task inIssue(UUID newIssueId) {
            return new Task(agentId, runtimeId, newIssueId);
        }
    }

    /** task_usage's unique key: one row per task, provider and model. */
    private record UsageKey(UUID taskId, String provider, String model) {
    }

    private record Usage(Instant createdAt, Tokens tokens) {
    }

    private final Set<UUID> workspaces = new HashSet<>();
    private final Map<UUID, UUID> runtimeWorkspaces = new HashMap<>();
    private final Map<UUID, Agent> agents = new HashMap<>();
    private final Map<UUID, UUID> projectWorkspaces = new HashMap<>();
    private final Map<UUID, Issue> issues = new HashMap<>();
    private final Map<UUID, Task> tasks = new HashMap<>();
    private final Map<UsageKey, Usage> usage = new HashMap<>();
    private Map<BucketKey, UsageTotals> rollup = Map.of();

    @Override
    public UUID aWorkspace() {
        UUID id = UUID.randomUUID();
        workspaces.add(id);
        return id;
    }

    @Override
    public UUID aRuntimeIn(UUID workspaceId) {
        return insert(runtimeWorkspaces, existing(workspaceId, workspaces));
    }

    @Override
    public UUID anAgentIn(UUID workspaceId, UUID runtimeId) {
        return insert(agents, new Agent(existing(workspaceId, workspaces), existing(runtimeId, runtimeWorkspaces)));
    }

    @Override
    public UUID aProjectIn(UUID workspaceId) {
        return insert(projectWorkspaces, existing(workspaceId, workspaces));
    }

    @Override
    public UUID anIssueIn(UUID workspaceId, UUID projectId) {
        return insert(issues,
                new Issue(existing(workspaceId, workspaces), existingOrNull(projectId, projectWorkspaces)));
    }

    @Override
    public UUID aTask(UUID agentId, UUID runtimeId, UUID issueId) {
        return insert(tasks, new Task(
                existing(agentId, agents), existing(runtimeId, runtimeWorkspaces), existingOrNull(issueId, issues)));
    }

    @Override
    public void reportUsage(UUID taskId, String provider, String model, Instant createdAt, Tokens tokens) {
        UsageKey key = new UsageKey(existing(taskId, tasks), provider, model);
        // The upsert's ON CONFLICT branch overwrites the tokens and leaves created_at alone.
        usage.merge(key, new Usage(createdAt, tokens),
                (reported, correction) -> new Usage(reported.createdAt(), correction.tokens()));
    }

    @Override
    public void reassignTaskToRuntime(UUID taskId, UUID runtimeId) {
        Task task = tasks.get(existing(taskId, tasks));
        tasks.put(taskId, task.onRuntime(existing(runtimeId, runtimeWorkspaces)));
    }

    @Override
    public void linkTaskToIssue(UUID taskId, UUID issueId) {
        Task task = tasks.get(existing(taskId, tasks));
        tasks.put(taskId, task.inIssue(existing(issueId, issues)));
    }

    @Override
    public void moveIssueToProject(UUID issueId, UUID projectId) {
        Issue issue = issues.get(existing(issueId, issues));
        issues.put(issueId, issue.inProject(existingOrNull(projectId, projectWorkspaces)));
    }

    @Override
    public void deleteUsage(UUID taskId, String provider, String model) {
        usage.remove(new UsageKey(taskId, provider, model));
    }

    @Override
    public void deleteTask(UUID taskId) {
        tasks.remove(taskId);
        usage.keySet().removeIf(key -> key.taskId().equals(taskId));
    }

    @Override
    public void deleteIssue(UUID issueId) {
        issues.remove(issueId);
        idsWhere(tasks, task -> issueId.equals(task.issueId())).forEach(this::deleteTask);
    }

    @Override
    public void deleteProject(UUID projectId) {
        projectWorkspaces.remove(projectId);
        issues.replaceAll((id, issue) -> projectId.equals(issue.projectId()) ? issue.inProject(null) : issue);
    }

    @Override
    public void deleteAgent(UUID agentId) {
        agents.remove(agentId);
        idsWhere(tasks, task -> task.agentId().equals(agentId)).forEach(this::deleteTask);
    }

    @Override
    public void deleteRuntime(UUID runtimeId) {
        if (agents.values().stream().anyMatch(agent -> agent.runtimeId().equals(runtimeId))) {
            throw new IllegalStateException("agent.runtime_id is ON DELETE RESTRICT: runtime " + runtimeId + " has agents");
        }
        runtimeWorkspaces.remove(runtimeId);
        idsWhere(tasks, task -> task.runtimeId().equals(runtimeId)).forEach(this::deleteTask);
    }

    @Override
    public void deleteWorkspace(UUID workspaceId) {
        // Agents go first, so that their runtimes are no longer restricted by them.
        idsWhere(agents, agent -> agent.workspaceId().equals(workspaceId)).forEach(this::deleteAgent);
        idsWhere(issues, issue -> issue.workspaceId().equals(workspaceId)).forEach(this::deleteIssue);
        idsWhere(projectWorkspaces, workspaceId::equals).forEach(this::deleteProject);
        idsWhere(runtimeWorkspaces, workspaceId::equals).forEach(this::deleteRuntime);
        workspaces.remove(workspaceId);
    }

    @Override
    public int tickUntilCaughtUp() {
        rollup = Collections.unmodifiableMap(ReferenceRollup.of(rawEvents()));
        return 1;
    }

    @Override
    public Map<BucketKey, UsageTotals> rollup() {
        return rollup;
    }

    @Override
    public List<UsageEvent> rawEvents() {
        return usage.entrySet().stream().map(row -> attributed(row.getKey(), row.getValue())).toList();
    }

    /** The rollup's join: workspace from the task's agent, project from the task's issue (none without one). */
    private UsageEvent attributed(UsageKey key, Usage row) {
        Task task = tasks.get(key.taskId());
        UUID projectId = task.issueId() == null ? null : issues.get(task.issueId()).projectId();
        Tokens tokens = row.tokens();
        return new UsageEvent(key.taskId(), row.createdAt(), agents.get(task.agentId()).workspaceId(),
                task.runtimeId(), task.agentId(), projectId, key.provider(), key.model(),
                tokens.input(), tokens.output(), tokens.cacheRead(), tokens.cacheWrite());
    }

    private static <V> UUID insert(Map<UUID, V> table, V row) {
        UUID id = UUID.randomUUID();
        table.put(id, row);
        return id;
    }

    /** A foreign key check, so that a scenario that refers to a missing row fails here as it would in SQL. */
    private static UUID existing(UUID id, Set<UUID> ids) {
        if (!ids.contains(id)) {
            throw new IllegalArgumentException("no such row: " + id);
        }
        return id;
    }

    private static UUID existing(UUID id, Map<UUID, ?> table) {
        return existing(id, table.keySet());
    }

    private static UUID existingOrNull(UUID id, Map<UUID, ?> table) {
        return id == null ? null : existing(id, table);
    }

    /** Ids of the rows that match, collected first so that the caller may delete them while iterating. */
    private static <V> List<UUID> idsWhere(Map<UUID, V> table, Predicate<V> condition) {
        return table.entrySet().stream()
                .filter(row -> condition.test(row.getValue()))
                .map(Map.Entry::getKey)
                .toList();
    }
}
