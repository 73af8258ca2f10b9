package dev.tally.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.function.IntSupplier;

/**
 * An app's command line run in this JVM (so nothing calls System.exit), and what it printed to the
 * process's standard output and standard error meanwhile.
 */
public record CapturedRun(int exitCode, String out, String err) {

    /** Everything printed: standard output, then standard error. */
    public String printed() {
        return out + err;
    }

    /**
     * Runs {@code command}, which returns its exit code, with the process's streams captured. One
     * run at a time: the streams belong to the whole JVM.
     */
    public static synchronized CapturedRun of(IntSupplier command) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
        try {
            int exitCode = command.getAsInt();
            return new CapturedRun(exitCode, out.toString(UTF_8), err.toString(UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
