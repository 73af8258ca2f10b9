package dev.tally.report;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/** report-app's command line, run in this JVM through its real flags and wiring. */
final class ReportCommand {

    private ReportCommand() {
    }

    static CapturedRun run(String... args) {
        return CapturedRun.of(() -> CommandLines.execute(new ReportMain(), args));
    }

    /** {@code report-app command args... --db-*} against {@code db}. */
    static CapturedRun against(TestDatabase db, String command, String... args) {
        List<String> line = new ArrayList<>(List.of(command));
        line.addAll(List.of(args));
        line.addAll(List.of("--db-url", db.url(), "--db-user", db.user(), "--db-password=" + db.password()));
        return run(line.toArray(String[]::new));
    }
}
