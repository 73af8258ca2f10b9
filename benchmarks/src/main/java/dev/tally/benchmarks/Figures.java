package dev.tally.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The results table: one line per figure, with the data size, Tally's value, the reference's, their
 * ratio, the target and whether it is met. Printed as Markdown, so it pastes into docs/benchmarks.md.
 */
final class Figures {

    /** One figure. {@code ratio} is "how many times better Tally is" (NaN when there is no ratio). */
    record Figure(String scenario, long rawRows, String measure, String tally, String reference, double ratio,
            String target, String verdict) {
    }

    private final List<Figure> figures = new ArrayList<>();

    void add(String scenario, long rawRows, String measure, String tally, String reference, double ratio,
            String target, Boolean met) {
        figures.add(new Figure(scenario, rawRows, measure, tally, reference, ratio, target,
                met == null ? "" : met ? "met" : "**missed**"));
    }

    List<Figure> all() {
        return List.copyOf(figures);
    }

    void print(PrintStream out) {
        out.println("| Scenario | Raw rows | Measure | Tally | Reference | Ratio | Target | |");
        out.println("| --- | ---: | --- | ---: | --- | ---: | --- | --- |");
        for (Figure f : figures) {
            out.printf("| %s | %,d | %s | %s | %s | %s | %s | %s |%n", f.scenario(), f.rawRows(), f.measure(), f.tally(),
                    f.reference(), Double.isNaN(f.ratio()) ? "" : String.format("%.2f", f.ratio()), f.target(),
                    f.verdict());
        }
    }

    static String seconds(double seconds) {
        return seconds >= 10 ? String.format("%.1f s", seconds)
                : seconds >= 1 ? String.format("%.2f s", seconds)
                : String.format("%.1f ms", seconds * 1000);
    }
}
