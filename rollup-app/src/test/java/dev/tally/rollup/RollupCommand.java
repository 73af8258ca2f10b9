package dev.tally.rollup;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;

/** rollup-app's command line, run in this JVM through its real flags and wiring. */
final class RollupCommand {

    private RollupCommand() {
    }

    static CapturedRun run(String... args) {
        return CapturedRun.of(() -> CommandLines.execute(new RollupMain(), args));
    }
}
