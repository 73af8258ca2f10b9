package dev.tally.report;

import dev.tally.domain.rollup.UsagePlatform.Tokens;
import dev.tally.testing.PostgresUsagePlatform;
import dev.tally.testing.Sql;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A workspace's usage over most of 2026, rolled up, and then changed after the last tick (new
 * rows, corrections, a reassignment, a delete), so every report reads rolled-up and fresh usage
 * together. Rows sit on both sides of local midnight in New York across both DST changes, in
 * Tokyo and in Los Angeles, and elsewhere at random (seeded, so every run writes the same rows).
 *
 * <p>Cost: about a third of the rows carry a provider-reported cost (some set or cleared after the
 * last tick), and a random catalog prices the rest: claude-sonnet's price changes inside the range,
 * claude-haiku and gpt-4o are priced only from a date on (unpriced before), a model under another
 * provider is never priced, and "Anthropic" rows match the catalog's "anthropic".
 */
final class SampleUsage {

    static final String ALICE = "alice@example.com";
    static final String BOB = "bob@example.com";
    static final String NOBODY = "nobody@example.com";

    static final List<Instant> NEAR_LOCAL_MIDNIGHTS = List.of(
            // New York, spring forward on 2026-03-08: EST (-5) before, EDT (-4) after
            Instant.parse("2026-03-08T04:30:00Z"), Instant.parse("2026-03-08T05:30:00Z"),
            Instant.parse("2026-03-08T06:59:00Z"), Instant.parse("2026-03-08T07:01:00Z"),
            Instant.parse("2026-03-09T03:30:00Z"), Instant.parse("2026-03-09T04:30:00Z"),
            // New York, fall back on 2026-11-01: EDT before, EST after
            Instant.parse("2026-11-01T03:30:00Z"), Instant.parse("2026-11-01T04:30:00Z"),
            Instant.parse("2026-11-01T05:30:00Z"), Instant.parse("2026-11-01T06:30:00Z"),
            Instant.parse("2026-11-02T04:30:00Z"), Instant.parse("2026-11-02T05:30:00Z"),
            // Tokyo (+9) and Los Angeles midnights, and UTC's
            Instant.parse("2026-03-09T14:59:59Z"), Instant.parse("2026-03-09T15:00:00Z"),
            Instant.parse("2026-03-10T07:30:00Z"), Instant.parse("2026-03-10T08:00:00Z"),
            Instant.parse("2026-06-30T23:59:59Z"), Instant.parse("2026-07-01T00:00:00Z"),
            // a Sunday-to-Monday week boundary in UTC
            Instant.parse("2026-03-15T23:30:00Z"), Instant.parse("2026-03-16T00:30:00Z"),
            // the tests' today, 3 November, in every zone they use
            Instant.parse("2026-11-03T10:00:00Z"));

    private static final Instant FIRST = Instant.parse("2026-02-20T00:00:00Z");
    private static final Instant LAST = Instant.parse("2026-11-03T11:00:00Z");
    private static final String[] PROVIDERS = {"anthropic", "Anthropic", "openai"};
    private static final String[] MODELS = {"claude-sonnet", "claude-haiku", "gpt-4o"};
    private static final int RANDOM_ROWS = 160;

    final UUID alice;
    final UUID bob;
    final UUID workspace;
    final UUID otherWorkspace;
    final UUID runtime;
    final UUID secondRuntime;
    final UUID otherRuntime;
    final UUID project;
    final UUID secondProject;

    private final PostgresUsagePlatform platform;
    private final Random random = new Random(20260308);
    /** Costs and prices draw from their own sequence, so the usage is the same rows as without them. */
    private final Random costs = new Random(15);
    private final Sql sql;
    private final List<UUID> agents = new ArrayList<>();
    private final List<UUID> issues = new ArrayList<>();
    private final List<Written> written = new ArrayList<>();

    private record Written(UUID task, String provider, String model, Instant createdAt) {
    }

    private SampleUsage(DataSource dataSource) {
        sql = new Sql(dataSource);
        platform = new PostgresUsagePlatform(dataSource, () -> {
            RollupTicks.tickUntilCaughtUp(dataSource);
            return 1;
        });
        alice = sql.single("INSERT INTO \"user\" (email, name) VALUES (?, 'Alice') RETURNING id", UUID.class, ALICE);
        bob = sql.single("INSERT INTO \"user\" (email, name) VALUES (?, 'Bob') RETURNING id", UUID.class, BOB);
        sql.single("INSERT INTO \"user\" (email, name) VALUES (?, 'Nobody') RETURNING id", UUID.class, NOBODY);
        workspace = platform.aWorkspace();
        otherWorkspace = platform.aWorkspace();
        sql.update("INSERT INTO member (workspace_id, user_id, role) VALUES (?, ?, 'owner')", workspace, alice);
        sql.update("INSERT INTO member (workspace_id, user_id) VALUES (?, ?)", otherWorkspace, bob);
        runtime = platform.aRuntimeIn(workspace);
        secondRuntime = platform.aRuntimeIn(workspace);
        otherRuntime = platform.aRuntimeIn(otherWorkspace);
        project = platform.aProjectIn(workspace);
        secondProject = platform.aProjectIn(workspace);
        agents.add(platform.anAgentIn(workspace, runtime));
        agents.add(platform.anAgentIn(workspace, secondRuntime));
        agents.add(platform.anAgentIn(workspace, runtime));
        issues.add(platform.anIssueIn(workspace, project));
        issues.add(platform.anIssueIn(workspace, secondProject));
        issues.add(platform.anIssueIn(workspace, null));
    }

    /** Writes the usage, rolls it up, then changes it behind the rollup's back. */
    static SampleUsage writeTo(DataSource dataSource) {
        SampleUsage usage = new SampleUsage(dataSource);
        usage.writeCatalog();
        usage.writeHistory();
        usage.platform.tickUntilCaughtUp();
        usage.changeAfterTheLastTick();
        return usage;
    }

    private void writeHistory() {
        for (Instant instant : NEAR_LOCAL_MIDNIGHTS) {
            usageAt(instant);
        }
        long span = Duration.between(FIRST, LAST).getSeconds();
        for (int i = 0; i < RANDOM_ROWS; i++) {
            usageAt(FIRST.plusSeconds((long) (random.nextDouble() * span)));
        }
        UUID otherAgent = platform.anAgentIn(otherWorkspace, otherRuntime);
        UUID otherTask = platform.aTask(otherAgent, otherRuntime, null);
        platform.reportUsage(otherTask, "anthropic", "claude-sonnet", Instant.parse("2026-03-08T12:00:00Z"),
                Tokens.of(777, 7));
    }

    private void writeCatalog() {
        price("anthropic", "claude-sonnet", "2026-01-01T00:00:00Z");
        price("anthropic", "claude-sonnet", "2026-06-15T13:00:00Z");
        price("anthropic", "claude-haiku", "2026-04-01T00:00:00Z");
        price("openai", "gpt-4o", "2026-09-01T00:00:00Z");
    }

    /** Random USD per million tokens with up to six decimals, so estimates need all ten of theirs and more. */
    private void price(String provider, String model, String effectiveFrom) {
        sql.update("INSERT INTO model_price (provider, model, effective_from, input_usd_per_mtok, output_usd_per_mtok, "
                        + "cache_read_usd_per_mtok, cache_write_usd_per_mtok) VALUES (?, ?, ?::timestamptz, ?, ?, ?, ?)",
                provider, model, effectiveFrom, aPrice(), aPrice(), aPrice(), aPrice());
    }

    private BigDecimal aPrice() {
        return BigDecimal.valueOf(costs.nextInt(80_000_000), 6);
    }

    /** What the provider reported for a row, in 1e-10 USD, or NULL for none. */
    private void reportedCost(Written row, Long ticks) {
        sql.update("UPDATE task_usage SET cost_usd_ticks = ?, updated_at = now() "
                + "WHERE task_id = ? AND provider = ? AND model = ?", ticks, row.task(), row.provider(), row.model());
    }

    private void changeAfterTheLastTick() {
        reportedCost(written.get(costs.nextInt(written.size())), costs.nextLong(50_000_000_000L));
        reportedCost(written.get(costs.nextInt(written.size())), costs.nextLong(50_000_000_000L));
        reportedCost(written.get(costs.nextInt(written.size())), null);
        for (int i = 0; i < 6; i++) {
            usageAt(NEAR_LOCAL_MIDNIGHTS.get(random.nextInt(NEAR_LOCAL_MIDNIGHTS.size())).plusSeconds(random.nextInt(600)));
        }
        for (int i = 0; i < 3; i++) {
            Written row = written.get(random.nextInt(written.size()));
            platform.reportUsage(row.task(), row.provider(), row.model(), row.createdAt(), randomTokens());
        }
        platform.reassignTaskToRuntime(written.get(1).task(), secondRuntime);
        platform.deleteTask(written.get(2).task());
    }

    /** One usage row at {@code createdAt}: a new task, or another row of a task already used. */
    private void usageAt(Instant createdAt) {
        UUID task;
        if (!written.isEmpty() && random.nextInt(4) == 0) {
            task = written.get(random.nextInt(written.size())).task();
        } else {
            UUID agent = agents.get(random.nextInt(agents.size()));
            UUID issue = random.nextInt(4) == 0 ? null : issues.get(random.nextInt(issues.size()));
            task = platform.aTask(agent, random.nextBoolean() ? runtime : secondRuntime, issue);
        }
        String provider = PROVIDERS[random.nextInt(PROVIDERS.length)];
        String model = MODELS[random.nextInt(MODELS.length)];
        platform.reportUsage(task, provider, model, createdAt, randomTokens());
        Written row = new Written(task, provider, model, createdAt);
        written.add(row);
        if (costs.nextInt(3) == 0) {
            reportedCost(row, costs.nextLong(50_000_000_000L));
        }
    }

    private Tokens randomTokens() {
        return new Tokens(1 + random.nextInt(5000), random.nextInt(2000), random.nextInt(800), random.nextInt(300));
    }
}
