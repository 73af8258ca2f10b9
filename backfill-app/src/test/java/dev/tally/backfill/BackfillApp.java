package dev.tally.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tally.app.CommandLines;
import dev.tally.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.stream.Stream;

/**
 * backfill-app's command run in this JVM (so nothing calls System.exit) through its real flags and
 * Dagger wiring, with what it prints to the process's streams captured.
 */
final class BackfillApp {

    private BackfillApp() {
    }

    /** Runs with the process's own terminal (not interactive under Maven) against {@code db}. */
    static Run backfill(TestDatabase db, String... flags) {
        return backfill(new BackfillMain(), withDatabase(db, flags));
    }

    /** Runs {@code command} with exactly {@code args}. */
    static Run backfill(BackfillMain command, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            int exitCode = CommandLines.execute(command, args);
            return new Run(exitCode, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    static String[] withDatabase(TestDatabase db, String... flags) {
        return concat(flags, "--db-url", db.url(), "--db-user", db.user(), "--db-password=" + db.password());
    }

    static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }

    /** What one run returned and printed; the log goes to standard output under the test logback configuration. */
    record Run(int exitCode, String out, String err) {

        String printed() {
            return out + err;
        }
    }
}
