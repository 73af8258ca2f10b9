package dev.tally.domain.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.tally.domain.bucket.BucketKey;
import dev.tally.domain.bucket.UsageTotals;
import dev.tally.domain.rollup.UsagePlatform.Tokens;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollup's contract, scenario by scenario. Each scenario writes to the source tables the way
 * the platform does, runs the rollup until it has caught up, and checks the rows it expects by
 * their numbers and the whole rollup against {@link ReferenceRollup} over the raw rows. Every
 * implementation extends this class (zipkin style), so they are held to the same scenarios.
 */
public abstract class RollupContractTest {

    private static final String ANTHROPIC = "anthropic";
    private static final String CLAUDE_SONNET = "claude-sonnet-4";
    private static final String OPENAI = "openai";
    private static final String GPT = "gpt-5";
    private static final String GOOGLE = "google";
    private static final String GEMINI = "gemini-2.5-pro";

    // A fixed day safely in the past, so every row is behind any rollup lag.
    private static final Instant TEN_O_CLOCK = Instant.parse("2026-03-10T10:00:00Z");
    private static final Instant QUARTER_PAST_TEN = Instant.parse("2026-03-10T10:15:00Z");
    private static final Instant ELEVEN_O_CLOCK = Instant.parse("2026-03-10T11:00:00Z");

    private static final UUID NO_ISSUE = null;
    private static final UUID NO_PROJECT = null;

    private UsagePlatform platform;
    private UUID workspace;
    private UUID runtime;
    private UUID agent;

    /** A fresh, empty platform; called once per test. */
    protected abstract UsagePlatform platform();

    @BeforeEach
    void aWorkspaceWithAnAgentOnItsRuntime() {
        platform = platform();
        workspace = platform.aWorkspace();
        runtime = platform.aRuntimeIn(workspace);
        agent = platform.anAgentIn(workspace, runtime);
    }

    @Test
    void usageAppearsInItsHourAfterATick() {
        Tokens tokens = new Tokens(1200, 300, 5000, 80);
        aTaskWithUsage(agent, runtime, NO_ISSUE, tokens);
        assertThat(platform.rollup()).as("before any tick").isEmpty();

        assertThat(rollupAfterCatchingUp()).containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(tokens, 1, 1)));
    }

    @Test
    void aCorrectionReplacesTheTokensAndNeverAddsToThem() {
        UUID task = aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(100, 10));
        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(100, 10), 1, 1)));

        platform.reportUsage(task, ANTHROPIC, CLAUDE_SONNET, QUARTER_PAST_TEN, Tokens.of(250, 20));

        assertThat(rollupAfterCatchingUp())
                .as("250 input tokens, not 350; still one event")
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(250, 20), 1, 1)));
    }

    @Test
    void reassigningATaskToAnotherRuntimeMovesItsUsageToThatRuntimesRow() {
        UUID otherRuntime = platform.aRuntimeIn(workspace);
        UUID task = aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(300, 30));
        assertThat(rollupAfterCatchingUp()).containsOnlyKeys(sonnetAtTen(runtime, NO_PROJECT));

        platform.reassignTaskToRuntime(task, otherRuntime);

        assertThat(rollupAfterCatchingUp())
                .as("the other runtime holds the 300 input tokens; the first runtime has no row left")
                .containsOnly(entry(sonnetAtTen(otherRuntime, NO_PROJECT), totals(Tokens.of(300, 30), 1, 1)));
    }

    @Test
    void linkingATaskToAnIssueMovesItsUsageFromTheNullProjectRowToTheProjectsRow() {
        UUID project = platform.aProjectIn(workspace);
        UUID issue = platform.anIssueIn(workspace, project);
        UUID task = aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(500, 50));
        assertThat(rollupAfterCatchingUp()).containsOnlyKeys(sonnetAtTen(runtime, NO_PROJECT));

        platform.linkTaskToIssue(task, issue);

        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, project), totals(Tokens.of(500, 50), 1, 1)));
    }

    @Test
    void movingAnIssueToAnotherProjectMovesItsTasksUsageWithIt() {
        UUID firstProject = platform.aProjectIn(workspace);
        UUID secondProject = platform.aProjectIn(workspace);
        UUID issue = platform.anIssueIn(workspace, firstProject);
        aTaskWithUsage(agent, runtime, issue, Tokens.of(640, 64));
        assertThat(rollupAfterCatchingUp()).containsOnlyKeys(sonnetAtTen(runtime, firstProject));

        platform.moveIssueToProject(issue, secondProject);

        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, secondProject), totals(Tokens.of(640, 64), 1, 1)));
    }

    @Test
    void deletingAProjectMovesItsIssuesUsageToTheNullProjectRow() {
        UUID project = platform.aProjectIn(workspace);
        UUID issue = platform.anIssueIn(workspace, project);
        aTaskWithUsage(agent, runtime, issue, Tokens.of(720, 72));
        assertThat(rollupAfterCatchingUp()).containsOnlyKeys(sonnetAtTen(runtime, project));

        platform.deleteProject(project);

        assertThat(rollupAfterCatchingUp())
                .as("the issue outlives its project, so its usage stays, without a project")
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(720, 72), 1, 1)));
    }

    @Test
    void deletingAnIssueRemovesTheUsageOfItsTasks() {
        UUID project = platform.aProjectIn(workspace);
        UUID issue = platform.anIssueIn(workspace, project);
        aTaskWithUsage(agent, runtime, issue, Tokens.of(900, 90));
        aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(20, 2));
        assertThat(rollupAfterCatchingUp())
                .containsOnlyKeys(sonnetAtTen(runtime, project), sonnetAtTen(runtime, NO_PROJECT));

        platform.deleteIssue(issue);

        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(20, 2), 1, 1)));
    }

    @Test
    void deletingATaskRemovesItsUsageFromEveryRowItWasIn() {
        UUID deleted = aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(100, 10));
        platform.reportUsage(deleted, OPENAI, GPT, QUARTER_PAST_TEN, Tokens.of(40, 4));
        aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(30, 3));
        assertThat(rollupAfterCatchingUp()).containsOnly(
                entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(130, 13), 2, 2)),
                entry(rowOf(TEN_O_CLOCK, OPENAI, GPT), totals(Tokens.of(40, 4), 1, 1)));

        platform.deleteTask(deleted);

        assertThat(rollupAfterCatchingUp())
                .as("the Sonnet row keeps only the other task; the GPT row is gone")
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(30, 3), 1, 1)));
    }

    @Test
    void deletingOneUsageRowRemovesOnlyThatModelsRow() {
        UUID task = aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(110, 11));
        platform.reportUsage(task, GOOGLE, GEMINI, QUARTER_PAST_TEN, Tokens.of(70, 7));
        assertThat(rollupAfterCatchingUp())
                .containsOnlyKeys(sonnetAtTen(runtime, NO_PROJECT), rowOf(TEN_O_CLOCK, GOOGLE, GEMINI));

        platform.deleteUsage(task, GOOGLE, GEMINI);

        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(110, 11), 1, 1)));
    }

    @Test
    void deletingAnAgentRemovesAllItsRows() {
        UUID deletedAgent = platform.anAgentIn(workspace, runtime);
        UUID deletedAgentsTask = aTaskWithUsage(deletedAgent, runtime, NO_ISSUE, Tokens.of(800, 80));
        platform.reportUsage(deletedAgentsTask, OPENAI, GPT, QUARTER_PAST_TEN, Tokens.of(60, 6));
        aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(15, 1));
        assertThat(rollupAfterCatchingUp()).hasSize(3);

        platform.deleteAgent(deletedAgent);

        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(15, 1), 1, 1)));
    }

    @Test
    void deletingARuntimeRemovesTheUsageOfTheTasksThatRanOnIt() {
        // The agent stays bound to its own runtime, which an agent's runtime must be to be deletable.
        UUID deletedRuntime = platform.aRuntimeIn(workspace);
        aTaskWithUsage(agent, deletedRuntime, NO_ISSUE, Tokens.of(330, 33));
        aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(45, 4));
        assertThat(rollupAfterCatchingUp())
                .containsOnlyKeys(sonnetAtTen(deletedRuntime, NO_PROJECT), sonnetAtTen(runtime, NO_PROJECT));

        platform.deleteRuntime(deletedRuntime);

        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(45, 4), 1, 1)));
    }

    @Test
    void deletingAWorkspaceRemovesAllItsRowsAndLeavesOtherWorkspacesAlone() {
        UUID project = platform.aProjectIn(workspace);
        aTaskWithUsage(agent, runtime, platform.anIssueIn(workspace, project), Tokens.of(1000, 100));
        aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(10, 1));
        UUID otherWorkspace = platform.aWorkspace();
        UUID otherRuntime = platform.aRuntimeIn(otherWorkspace);
        UUID otherAgent = platform.anAgentIn(otherWorkspace, otherRuntime);
        aTaskWithUsage(otherAgent, otherRuntime, NO_ISSUE, Tokens.of(555, 55));
        assertThat(rollupAfterCatchingUp()).hasSize(3);

        platform.deleteWorkspace(workspace);

        BucketKey otherWorkspacesRow = new BucketKey(
                TEN_O_CLOCK, otherWorkspace, otherRuntime, otherAgent, NO_PROJECT, ANTHROPIC, CLAUDE_SONNET);
        assertThat(rollupAfterCatchingUp()).containsOnly(entry(otherWorkspacesRow, totals(Tokens.of(555, 55), 1, 1)));
    }

    @Test
    void usageOnEitherSideOfAnHourBoundaryMakesTwoRows() {
        UUID beforeEleven = platform.aTask(agent, runtime, NO_ISSUE);
        UUID atEleven = platform.aTask(agent, runtime, NO_ISSUE);
        platform.reportUsage(beforeEleven, ANTHROPIC, CLAUDE_SONNET, ELEVEN_O_CLOCK.minusMillis(1), Tokens.of(12, 1));
        platform.reportUsage(atEleven, ANTHROPIC, CLAUDE_SONNET, ELEVEN_O_CLOCK, Tokens.of(34, 3));

        assertThat(rollupAfterCatchingUp()).containsOnly(
                entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(12, 1), 1, 1)),
                entry(rowOf(ELEVEN_O_CLOCK, ANTHROPIC, CLAUDE_SONNET), totals(Tokens.of(34, 3), 1, 1)));
    }

    @Test
    void twoTasksWithTheSameKeyShareOneRow() {
        aTaskWithUsage(agent, runtime, NO_ISSUE, new Tokens(100, 10, 1000, 1));
        aTaskWithUsage(agent, runtime, NO_ISSUE, new Tokens(200, 20, 2000, 2));

        assertThat(rollupAfterCatchingUp())
                .containsOnly(entry(sonnetAtTen(runtime, NO_PROJECT), totals(new Tokens(300, 30, 3000, 3), 2, 2)));
    }

    @Test
    void usageOutsideAnyProjectHasItsOwnRowBesideTheProjectsRow() {
        UUID project = platform.aProjectIn(workspace);
        aTaskWithUsage(agent, runtime, platform.anIssueIn(workspace, project), Tokens.of(400, 40));
        aTaskWithUsage(agent, runtime, platform.anIssueIn(workspace, NO_PROJECT), Tokens.of(50, 5));
        aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(6, 1));

        assertThat(rollupAfterCatchingUp())
                .as("a task in an issue without a project and a task without an issue share the NULL-project row")
                .containsOnly(
                        entry(sonnetAtTen(runtime, project), totals(Tokens.of(400, 40), 1, 1)),
                        entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(56, 6), 2, 2)));
    }

    @Test
    void tickingAgainWithoutChangesLeavesTheRollupAsItWas() {
        UUID task = aTaskWithUsage(agent, runtime, NO_ISSUE, Tokens.of(210, 21));
        platform.reportUsage(task, GOOGLE, GEMINI, QUARTER_PAST_TEN, Tokens.of(90, 9));
        Map<BucketKey, UsageTotals> afterFirstCatchUp = Map.copyOf(rollupAfterCatchingUp());

        assertThat(rollupAfterCatchingUp()).isEqualTo(afterFirstCatchUp).containsOnly(
                entry(sonnetAtTen(runtime, NO_PROJECT), totals(Tokens.of(210, 21), 1, 1)),
                entry(rowOf(TEN_O_CLOCK, GOOGLE, GEMINI), totals(Tokens.of(90, 9), 1, 1)));
    }

    /**
     * Ticks until caught up, holds the whole rollup to the reference over the raw rows, and returns
     * it for the scenario's own expectations.
     */
    private Map<BucketKey, UsageTotals> rollupAfterCatchingUp() {
        assertThat(platform.tickUntilCaughtUp()).as("ticks run").isPositive();
        Map<BucketKey, UsageTotals> rollup = platform.rollup();
        assertThat(rollup)
                .as("every row is the sum of its raw rows, and every key with raw rows has a row")
                .isEqualTo(ReferenceRollup.of(platform.rawEvents()));
        return rollup;
    }

    /** A new task that reported {@code tokens} of Claude Sonnet at 10:15. */
    private UUID aTaskWithUsage(UUID agentId, UUID runtimeId, UUID issueId, Tokens tokens) {
        UUID task = platform.aTask(agentId, runtimeId, issueId);
        platform.reportUsage(task, ANTHROPIC, CLAUDE_SONNET, QUARTER_PAST_TEN, tokens);
        return task;
    }

    /** The 10:00 Claude Sonnet row of the workspace's agent on {@code runtimeId}. */
    private BucketKey sonnetAtTen(UUID runtimeId, UUID projectId) {
        return new BucketKey(TEN_O_CLOCK, workspace, runtimeId, agent, projectId, ANTHROPIC, CLAUDE_SONNET);
    }

    /** The row of {@code model} in {@code hour} for the workspace's agent on its runtime, outside any project. */
    private BucketKey rowOf(Instant hour, String provider, String model) {
        return new BucketKey(hour, workspace, runtime, agent, NO_PROJECT, provider, model);
    }

    private static UsageTotals totals(Tokens tokens, long tasks, long events) {
        return new UsageTotals(tokens.input(), tokens.output(), tokens.cacheRead(), tokens.cacheWrite(), tasks, events);
    }
}
