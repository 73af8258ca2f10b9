package dev.tally.backfill;

import java.io.PrintStream;

/**
 * Where backfill-app meets its operator: standard output for the plan and the summary, standard
 * error for progress and problems, and, when a person sits at a terminal, a yes-or-no question.
 */
public interface Terminal {

    PrintStream out();

    PrintStream err();

    /**
     * Whether standard input and output are both a terminal: progress is then a bar redrawn in place
     * and a large run asks before it starts. Scripts, pipes and schedulers get log lines and no question.
     */
    boolean interactive();

    /** Asks {@code question}; only {@code y} or {@code yes} is a yes, and no answer (end of input) is a no. */
    boolean confirm(String question);

    static Terminal system() {
        return new SystemTerminal();
    }
}
