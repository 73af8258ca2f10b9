package dev.tally.backfill;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/** The process's own streams and console, looked up at each use (tests swap the streams). */
final class SystemTerminal implements Terminal {

    @Override
    public PrintStream out() {
        return System.out;
    }

    @Override
    public PrintStream err() {
        return System.err;
    }

    @Override
    public boolean interactive() {
        return System.console() != null;
    }

    @Override
    public boolean confirm(String question) {
        Console console = System.console();
        String answer = console == null ? null : console.readLine("%s", question);
        String normalized = answer == null ? "" : answer.trim().toLowerCase(Locale.ROOT);
        return normalized.equals("y") || normalized.equals("yes");
    }
}
