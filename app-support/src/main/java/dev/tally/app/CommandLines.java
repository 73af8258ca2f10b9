package dev.tally.app;

import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs a picocli command with Tally's exit codes: 0 success, 1 failure, 2 bad usage. Users see one
 * line saying what went wrong, never a stack trace; the log keeps the details.
 */
public final class CommandLines {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int BAD_USAGE = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CommandLines.class);

    private CommandLines() {
    }

    public static int execute(Object command, String... args) {
        return execute(command, new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(Object, String...)}, with errors written to {@code err}. */
    public static int execute(Object command, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(command)
                .registerConverter(java.time.Duration.class, new IsoDurationConverter())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> e instanceof BadUsageException ? BAD_USAGE : FAILURE);
        commandLine.setParameterExceptionHandler((e, ignored) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("error: " + e.getMessage());
            failed.getErr().println("Run with --help for the accepted flags and forms.");
            return BAD_USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, ignored) -> {
            if (e instanceof BadUsageException) {
                failed.getErr().println("error: " + e.getMessage());
                return BAD_USAGE;
            }
            LOG.debug("command failed", e);
            failed.getErr().println("error: " + rootMessage(e));
            return FAILURE;
        });
        return commandLine.execute(args);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
