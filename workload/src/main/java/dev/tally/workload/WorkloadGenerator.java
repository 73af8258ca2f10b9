package dev.tally.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Writes a {@link WorkloadShape} into the source tables with a handful of set-based statements, as
 * the platform would have written it over time (updated_at = created_at, so the history looks
 * settled), then makes the late changes the pipeline must catch: corrections, reassignments and
 * deletions, through the same statements the platform uses, so the triggers fire.
 */
public final class WorkloadGenerator {

    /** Slug prefix of every generated workspace: sample data is recognisable and removable. */
    public static final String SAMPLE_SLUG_PREFIX = "sample-";

    private final DataSource dataSource;
    private final Consumer<String> progress;

    public WorkloadGenerator(DataSource dataSource, Consumer<String> progress) {
        this.dataSource = dataSource;
        this.progress = progress;
    }

    /** Whether the database holds workspaces that are not sample data. */
    public boolean holdsNonSampleData() {
        return query("SELECT count(*) FROM workspace WHERE slug NOT LIKE '" + SAMPLE_SLUG_PREFIX + "%'") > 0;
    }

    public boolean holdsSampleData() {
        return query("SELECT count(*) FROM workspace WHERE slug LIKE '" + SAMPLE_SLUG_PREFIX + "%'") > 0;
    }

    public GeneratedWorkload generate(WorkloadShape shape) {
        long started = System.nanoTime();
        double peak = tasksPerBusyAgentHour(shape);
        progress.accept("creating " + shape.workspaces() + " workspaces with " + shape.agentsPerWorkspace()
                + " agents each");
        run("entities.sql", shape.workspaces(), shape.agentsPerWorkspace());
        progress.accept("writing about " + shape.targetRawRows() + " usage rows over " + shape.days() + " days");
        run("usage.sql", shape.days(), peak);
        if (shape.lateCorrections() + shape.reassignments() + shape.deletions() > 0) {
            progress.accept("making " + shape.lateCorrections() + " late corrections, " + shape.reassignments()
                    + " reassignments and " + shape.deletions() + " deletions");
            run("late-changes.sql", shape.lateCorrections(), shape.reassignments(), shape.deletions());
        }
        run("analyze.sql");
        long rawRows = query("SELECT count(*) FROM task_usage");
        long keys = query("""
                SELECT count(*) FROM (
                    SELECT DISTINCT date_trunc('hour', tu.created_at AT TIME ZONE 'UTC'), t.runtime_id, t.agent_id,
                           i.project_id, tu.provider, tu.model
                    FROM task_usage tu JOIN agent_task_queue t ON t.id = tu.task_id LEFT JOIN issue i ON i.id = t.issue_id
                ) k
                """);
        return new GeneratedWorkload(rawRows, keys, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Removes every sample workspace and what belongs to it (the triggers queue their rollup rows). */
    public void removeSampleData() {
        update("DELETE FROM workspace WHERE slug LIKE '" + SAMPLE_SLUG_PREFIX + "%'");
    }

    /**
     * Busy-hour tasks per agent that give about the target row count: the rhythm's mean weight is
     * about 0.59 and a task writes 1.05 usage rows on average.
     */
    private static double tasksPerBusyAgentHour(WorkloadShape shape) {
        double agentHours = (double) shape.workspaces() * shape.agentsPerWorkspace() * shape.days() * 24;
        return Math.max(0.05, shape.targetRawRows() / (agentHours * 0.59 * 1.05));
    }

    private void run(String script, Object... params) {
        try (Connection connection = dataSource.getConnection()) {
            for (String statement : statementsOf(script)) {
                try (PreparedStatement prepared = connection.prepareStatement(statement)) {
                    int placeholders = (int) statement.chars().filter(c -> c == '?').count();
                    for (int i = 0; i < placeholders; i++) {
                        prepared.setObject(i + 1, params[i]);
                    }
                    prepared.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(script + ": " + e.getMessage(), e);
        }
    }

    private long query(String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void update(String sql) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A script's statements, split on lines holding only ';' (so statements may contain semicolons). */
    private static String[] statementsOf(String script) {
        try (InputStream in = WorkloadGenerator.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("missing workload script " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).split("(?m)^;\\s*$");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
