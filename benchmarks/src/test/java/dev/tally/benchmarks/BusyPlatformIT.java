package dev.tally.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.PostgresServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --scenario busy} works: a tiny history, one small busy hour, a one-second tail. Proves the
 * program runs it end to end (the oracle after the ticks, the report unchanged by another
 * workspace's row) and prints its tables; the figures at this size mean nothing and are not asserted.
 */
class BusyPlatformIT {

    @Test
    void theBusyScenarioRunsAtATinySizeAndPrintsItsTables(@TempDir Path dir) {
        PostgresServer server = PostgresServer.shared();
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        PrintStream console = System.out;
        int exit;
        try (PrintStream captured = new PrintStream(table, true, StandardCharsets.UTF_8)) {
            System.setOut(captured);
            exit = CommandLines.execute(new BenchmarkMain(), "--scenario", "busy", "--quick", "--rows", "20000",
                    "--busy-rows", "2000", "--stream-ticks", "1", "--tail-seconds", "1", "--tail-pools", "10",
                    "--db-url", server.urlOf("postgres"), "--db-user", server.user(), "--db-password", server.password(),
                    "--plans", dir.resolve("plans.md").toString());
        } finally {
            System.setOut(console);
        }
        String output = table.toString(StandardCharsets.UTF_8);
        console.println(output);

        assertThat(exit).as("exit code; output:%n%s", output).isEqualTo(CommandLines.OK);
        assertThat(output).contains("Tick every minute against the busy hour", "One row in another workspace",
                "| Pool | Clients |", "| 4 writer overhead |");
    }
}
