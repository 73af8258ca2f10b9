package dev.tally.report;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;

/** report-app's command line, run in this JVM through its real flags and wiring. */
final class ReportCommand {

    private ReportCommand() {
    }

    static CapturedRun run(String... args) {
        return CapturedRun.of(() -> CommandLines.execute(new ReportMain(), args));
    }
}
