package dev.flotilla.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * The demo's verdict as one line (pure): {@code demo: PASSED — RTO 7.2 s (goal 10 s); ...} or
 * {@code demo: FAILED — <why>; ... (RTO 12.1 s (goal 10 s); ...)}. Figures say what was measured, failures why a step
 * missed its goal.
 */
final class Summary {

    private final List<String> figures = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** Adds a measured figure, e.g. {@code RTO 7.2 s (goal 10 s)}. */
    Summary figure(String text) {
        figures.add(text);
        return this;
    }

    /** Adds a reason the demo failed. */
    Summary failure(String text) {
        failures.add(text);
        return this;
    }

    Summary failures(List<String> texts) {
        failures.addAll(texts);
        return this;
    }

    boolean passed() {
        return failures.isEmpty();
    }

    String line() {
        if (passed()) {
            return "demo: PASSED — " + String.join("; ", figures);
        }
        return "demo: FAILED — " + String.join("; ", failures)
                + (figures.isEmpty() ? "" : " (" + String.join("; ", figures) + ")");
    }
}
