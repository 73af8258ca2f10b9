package dev.tally.quickstart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.app.CommandLines;
import dev.tally.testing.RollupOracle;
import dev.tally.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, run non-interactively so it cannot rot. */
class QuickstartIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String REPORT_APP_JAR = "../report-app/target/report-app.jar";

    @Test
    void onAnEmbeddedDatabaseItRunsEndToEndAndASecondRunReusesTheSample(@TempDir Path dataDir) throws IOException {
        String first = quickstart("--data-dir", dataDir.toString(), "--db-port", Integer.toString(freePort()));
        String second = quickstart("--data-dir", dataDir.toString(), "--db-port", Integer.toString(freePort()));

        assertThat(first).contains("[6/6]").contains("matches a GROUP BY over the raw tables")
                .contains("America/New_York").contains("curl -s -H \"Authorization: Bearer $TOKEN\"")
                .containsPattern("Or open the dashboard: http://127\\.0\\.0\\.1:\\d+/\n").contains("Paste the token above")
                .contains("Stopped. Nothing is left running.");
        assertThat(first).as("the sample catalog, labelled, and cost in the daily table")
                .contains("sample price catalog (sample figures of 2026-12-01, not a price list): added 4")
                .containsPattern("UTC tokens, USD").containsPattern("[0-9,]+ +\\$[0-9]+\\.[0-9]{2}")
                .contains("tokens have no price in the catalog");
        assertThat(second).contains("reusing it").contains("matches a GROUP BY over the raw tables")
                .contains("left 4 as they were");
        assertThat(Files.exists(dataDir.resolve("db").resolve("PG_VERSION"))).isTrue();
    }

    @Test
    void withADatabaseUrlItUsesThatDatabaseAndRefusesToMixIntoRealData() throws IOException {
        String run = quickstart("--db-url", db.url(), "--db-user", db.user(), "--db-password", db.password());
        assertThat(run).contains("Using the database at").contains("matches a GROUP BY over the raw tables");
        RollupOracle.assertRollupMatchesRawData(db.dataSource());

        db.sql().update("INSERT INTO workspace (name, slug) VALUES ('A real team', 'real-team')");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = run(out, "--db-url", db.url(), "--db-user", db.user(), "--db-password", db.password());

        assertThat(exit).isEqualTo(CommandLines.BAD_USAGE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--allow-existing-data");
    }

    private String quickstart(String... args) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = run(out, args);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(printed).isZero();
        return printed;
    }

    /** Runs the command in-process with its standard output captured. */
    private static int run(ByteArrayOutputStream out, String... args) throws IOException {
        String[] all = new String[args.length + 5];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--exit-after-print";
        all[args.length + 1] = "--http-port";
        all[args.length + 2] = Integer.toString(freePort());
        all[args.length + 3] = "--report-app-jar";
        all[args.length + 4] = REPORT_APP_JAR;
        PrintStream original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return CommandLines.execute(new QuickstartMain(), new PrintWriter(new StringWriter()), all);
        } finally {
            System.setOut(original);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
