package dev.tally.workload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkloadGeneratorIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void startEmpty() {
        db.reset();
    }

    @Test
    void theSampleHasRealisticShapeAndIsRecognisableAsSample() {
        List<String> progress = new ArrayList<>();
        WorkloadGenerator generator = new WorkloadGenerator(db.dataSource(), progress::add);
        assertThat(generator.holdsSampleData()).isFalse();

        GeneratedWorkload workload = generator.generate(WorkloadShape.sample());

        assertThat(workload.rawRows()).isBetween(25_000L, 60_000L);
        assertThat(workload.rawRowsPerHourlyRow()).as(workload.toString()).isBetween(5.0, 12.0);
        assertThat(generator.holdsSampleData()).isTrue();
        assertThat(generator.holdsNonSampleData()).isFalse();
        assertThat(db.sql().count("SELECT count(DISTINCT provider || '/' || model) FROM task_usage")).isGreaterThanOrEqualTo(4);
        assertThat(db.sql().count("SELECT count(*) FROM task_usage_hourly_dirty"))
                .as("reassignments and deletions queued their keys").isPositive();
        assertThat(db.sql().count("SELECT count(*) FROM task_usage WHERE updated_at > created_at + interval '1 day'"))
                .as("late corrections").isPositive();
        assertThat(progress).isNotEmpty();
    }

    @Test
    void removingTheSampleLeavesOtherWorkspacesAlone() {
        WorkloadGenerator generator = new WorkloadGenerator(db.dataSource(), line -> { });
        db.sql().update("INSERT INTO workspace (name, slug) VALUES ('Real', 'real-team')");
        generator.generate(new WorkloadShape(1, 2, 2, 200, 0, 0, 0));
        assertThat(generator.holdsNonSampleData()).isTrue();

        generator.removeSampleData();

        assertThat(generator.holdsSampleData()).isFalse();
        assertThat(db.sql().count("SELECT count(*) FROM workspace")).isOne();
    }
}
