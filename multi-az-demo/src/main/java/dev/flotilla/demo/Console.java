package dev.flotilla.demo;

import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo's output: event lines that scroll, and the live view below them. On a terminal the view is redrawn in
 * place every second with plain ANSI cursor movement (no curses); lines are not wrapped while it is drawn, so a
 * narrow terminal truncates them instead of breaking the redraw. Anywhere else (a pipe, a file, CI) the view is
 * printed as a new block whenever its content changes, at most once a second.
 */
final class Console {

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final String UP_AND_CLEAR = "\033[%dF\033[J";
    private static final String NO_WRAP = "\033[?7l";
    private static final String WRAP = "\033[?7h";

    private final PrintStream out;
    private final boolean terminal;
    private List<String> block = List.of();
    private int drawnLines;
    private List<String> printedSignature = List.of();
    private long lastDrawNanos;

    Console(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** @return whether {@code out} is this process's standard output and that is an interactive terminal */
    static boolean isTerminal(PrintStream out) {
        if (out != System.out || "dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // Java 22+ returns a Console even when redirected; isTerminal() then tells.
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException olderJava) {
            return true; // before Java 22 a Console exists only on a terminal
        }
    }

    /** Prints an event line above the view. */
    synchronized void line(String text) {
        if (terminal) {
            erase();
            out.println(text);
            draw();
        } else {
            out.println(text);
        }
        out.flush();
    }

    /**
     * Offers the current view: redrawn at most once a second on a terminal, printed when changed elsewhere.
     *
     * @param force draw now even if drawn less than a second ago (a phase just ended)
     */
    synchronized void view(List<String> lines, boolean force) {
        long now = System.nanoTime();
        boolean due = force || now - lastDrawNanos >= REFRESH_NANOS;
        if (terminal) {
            block = List.copyOf(lines);
            if (due) {
                erase();
                draw();
                lastDrawNanos = now;
            }
        } else {
            List<String> signature = LiveView.signature(lines);
            if (due && !signature.equals(printedSignature)) {
                out.println();
                lines.forEach(out::println);
                printedSignature = signature;
                lastDrawNanos = now;
            }
        }
        out.flush();
    }

    /** Leaves the view where it is: later lines go below it, and it is no longer redrawn. */
    synchronized void detach() {
        if (terminal) {
            drawnLines = 0;
            block = List.of();
        }
    }

    private void erase() {
        if (drawnLines > 0) {
            out.printf(UP_AND_CLEAR, drawnLines);
            drawnLines = 0;
        }
    }

    private void draw() {
        if (block.isEmpty()) {
            return;
        }
        out.print(NO_WRAP);
        block.forEach(out::println);
        out.print(WRAP);
        drawnLines = block.size();
    }
}
