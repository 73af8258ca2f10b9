package dev.tally.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark program works: quick mode at a tiny size, end to end, on the test server. It proves
 * the program runs, checks the rollup against the oracle after every tick, and cleans up after
 * itself; the figures at this size mean nothing and are not asserted.
 */
class BenchmarkQuickIT {

    @Test
    void theQuickModeRunsEveryScenarioAtATinySizeAndDropsItsDatabase(@TempDir Path dir) throws IOException, SQLException {
        PostgresServer server = PostgresServer.shared();
        Path plans = dir.resolve("plans.md");
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int exit;
        try (PrintStream captured = new PrintStream(table, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            exit = CommandLines.execute(new BenchmarkMain(), "--quick", "--rows", "20000",
                    "--new-rows", "300", "--reassignments", "30", "--corrections", "200",
                    "--db-url", server.urlOf("postgres"), "--db-user", server.user(), "--db-password", server.password(),
                    "--plans", plans.toString());
        } finally {
            System.setOut(console);
        }
        String output = table.toString(StandardCharsets.UTF_8);
        console.println(output);

        assertThat(exit).as("exit code; output:%n%s", output).isEqualTo(CommandLines.OK);
        assertThat(output).contains("| 1a tick, everyday |", "| 1b tick, adversarial |", "| 2 report, 30 days daily |",
                "| 3 full rebuild |", "| 4 writer overhead |");
        assertThat(Files.readString(plans)).contains("Tally's recompute", "the seed's recompute", "Report");
        try (Connection admin = server.adminConnection();
             ResultSet left = admin.createStatement().executeQuery(
                     "SELECT count(*) FROM pg_database WHERE datname LIKE 'tally_bench_" + ProcessHandle.current().pid() + "_%'")) {
            left.next();
            assertThat(left.getLong(1)).as("benchmark databases left behind").isZero();
        }
    }
}
