package dev.flotilla.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The milestones of one phase (the outage, or the recovery), timed from the phase's start: each is marked the
 * first time its check holds, with a line saying what was seen. Pure: times are given, never read from a clock.
 */
final class Timeline {

    /** A milestone to wait for: its key, the label printed, and how long it may take (null: no goal of its own). */
    record Milestone(String key, String label, Duration goal) {
    }

    private record Mark(long atNanos, String detail) {
    }

    private final String title;
    private final long startNanos;
    private final List<Milestone> milestones;
    private final Map<String, Mark> marks = new LinkedHashMap<>();

    Timeline(String title, long startNanos, List<Milestone> milestones) {
        this.title = title;
        this.startNanos = startNanos;
        this.milestones = List.copyOf(milestones);
    }

    /**
     * Marks a milestone the first time it is reached.
     *
     * @return whether this call marked it (false when it was marked before)
     */
    boolean mark(String key, long atNanos, String detail) {
        milestone(key);
        if (marks.containsKey(key)) {
            return false;
        }
        marks.put(key, new Mark(atNanos, detail));
        return true;
    }

    /** @return whether the milestone has been reached */
    boolean reached(String key) {
        return marks.containsKey(key);
    }

    /** @return whether every milestone has been reached */
    boolean complete() {
        return milestones.stream().allMatch(m -> marks.containsKey(m.key()));
    }

    /** @return nanoseconds from the start to the milestone, if reached */
    OptionalLong elapsed(String key) {
        Mark mark = marks.get(key);
        return mark == null ? OptionalLong.empty() : OptionalLong.of(mark.atNanos() - startNanos);
    }

    /** @return when the phase started ({@link System#nanoTime()} scale) */
    long startNanos() {
        return startNanos;
    }

    /** @return {@code [+4.62 s] label  detail}: the line printed as a milestone is reached */
    String eventLine(String key) {
        Mark mark = marks.get(key);
        return "[" + offset(mark.atNanos() - startNanos) + "] " + pad(milestone(key).label()) + mark.detail();
    }

    /**
     * The phase's report: its title, then one line per milestone in the order they were reached, then those never
     * reached; each reached one with a goal says whether it was met.
     */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        lines.add(title);
        List<Milestone> reached = new ArrayList<>(milestones.stream().filter(m -> marks.containsKey(m.key())).toList());
        reached.sort(Comparator.comparingLong(m -> marks.get(m.key()).atNanos()));
        for (Milestone m : reached) {
            long elapsed = marks.get(m.key()).atNanos() - startNanos;
            String verdict = m.goal() == null ? ""
                    : elapsed <= m.goal().toNanos() ? "  (goal " + seconds(m.goal()) + ": met)"
                    : "  (goal " + seconds(m.goal()) + ": MISSED)";
            lines.add("  " + offset(elapsed) + "  " + pad(m.label()) + marks.get(m.key()).detail() + verdict);
        }
        for (Milestone m : milestones) {
            if (!marks.containsKey(m.key())) {
                lines.add("  " + " ".repeat(offset(0).length()) + "  " + pad(m.label()) + "NOT SEEN");
            }
        }
        return lines;
    }

    /** @return the milestones whose goal was missed or that were never reached, as reasons */
    List<String> failures() {
        List<String> failures = new ArrayList<>();
        for (Milestone m : milestones) {
            Mark mark = marks.get(m.key());
            if (mark == null) {
                failures.add(m.label() + " not seen");
            } else if (m.goal() != null && mark.atNanos() - startNanos > m.goal().toNanos()) {
                failures.add(m.label() + " took " + seconds(mark.atNanos() - startNanos) + " (goal "
                        + seconds(m.goal()) + ")");
            }
        }
        return failures;
    }

    private Milestone milestone(String key) {
        return milestones.stream().filter(m -> m.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no milestone " + key + " in " + title));
    }

    private String pad(String label) {
        int width = milestones.stream().mapToInt(m -> m.label().length()).max().orElse(0) + 2;
        return label + " ".repeat(width - label.length());
    }

    /** {@code +4.62 s}, right-aligned so that columns line up. */
    static String offset(long nanos) {
        return String.format(Locale.ROOT, "%+7.2f s", nanos / 1e9);
    }

    /** {@code 7.2 s}: one decimal, as the summary prints it. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static String seconds(Duration duration) {
        if (duration.toMillis() % 1000 == 0) {
            return duration.toSeconds() + " s";
        }
        return seconds(duration.toNanos());
    }
}
