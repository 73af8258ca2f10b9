package dev.tally.backfill;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** A person at a terminal: answers each question with {@code answer}, and keeps what was shown. */
final class ScriptedTerminal implements Terminal {

    private final BooleanSupplier answer;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final PrintStream outStream = new PrintStream(out, true, UTF_8);
    private final PrintStream errStream = new PrintStream(err, true, UTF_8);
    final List<String> questions = new ArrayList<>();

    ScriptedTerminal(BooleanSupplier answer) {
        this.answer = answer;
    }

    static ScriptedTerminal answering(boolean yes) {
        return new ScriptedTerminal(() -> yes);
    }

    @Override
    public PrintStream out() {
        return outStream;
    }

    @Override
    public PrintStream err() {
        return errStream;
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public boolean confirm(String question) {
        questions.add(question);
        return answer.getAsBoolean();
    }

    String shownOnOut() {
        return out.toString(UTF_8);
    }

    String shownOnErr() {
        return err.toString(UTF_8);
    }
}
