package dev.tally.backfill;

import dev.tally.app.CommandLines;
import dev.tally.testing.CapturedRun;
import dev.tally.testing.TestDatabase;
import java.util.stream.Stream;

/**
 * backfill-app's command run in this JVM (so nothing calls System.exit) through its real flags and
 * Dagger wiring, with what it prints to the process's streams captured.
 */
final class BackfillApp {

    private BackfillApp() {
    }

    /** Runs with the process's own terminal (not interactive under Maven) against {@code db}. */
    static CapturedRun backfill(TestDatabase db, String... flags) {
        return backfill(new BackfillMain(), withDatabase(db, flags));
    }

    /** Runs {@code command} with exactly {@code args}; the log goes to standard output under the test logback configuration. */
    static CapturedRun backfill(BackfillMain command, String... args) {
        return CapturedRun.of(() -> CommandLines.execute(command, args));
    }

    static String[] withDatabase(TestDatabase db, String... flags) {
        return concat(flags, "--db-url", db.url(), "--db-user", db.user(), "--db-password=" + db.password());
    }

    static String[] concat(String[] first, String... more) {
        return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
    }
}
