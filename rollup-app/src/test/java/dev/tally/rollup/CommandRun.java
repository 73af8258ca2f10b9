package dev.tally.rollup;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tally.app.CommandLines;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** rollup-app's command line, run in this JVM (so nothing calls System.exit), and what it printed. */
record CommandRun(int exitCode, String out, String err) {

    static synchronized CommandRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            int exitCode = CommandLines.execute(new RollupMain(), args);
            return new CommandRun(exitCode, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
