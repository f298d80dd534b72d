package dev.flotilla.demo;

import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.LogManager;

/**
 * Entry point of {@code ./flotilla demo} (the runnable {@code target/flotilla-demo.jar}). A leading {@code demo}
 * argument is accepted and ignored, so the jar also runs as {@code java -jar flotilla-demo.jar demo ...}.
 */
public final class DemoMain {

    private DemoMain() {
    }

    /** Runs the demo and exits with its code (0 passed, 1 failed, 2 invalid options). */
    public static void main(String[] args) {
        withoutConsoleLogging();
        System.exit(run(args, System.out, System.err, null));
    }

    /**
     * No java.util.logging handler on the console for this process: the demo adds its log file, and when the JVM
     * shuts down (Ctrl-C) and resets logging before the demo's own hook has stopped the members, their last lines go
     * nowhere instead of to the default console handler, in the middle of the demo's output.
     */
    private static void withoutConsoleLogging() {
        try {
            LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(
                    "handlers=\n.level=INFO\n".getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure java.util.logging", e);
        }
    }

    /**
     * Runs the demo in this JVM, for the launcher and for tests.
     *
     * @param args         the command line
     * @param out          where the demo (and {@code --help}) prints
     * @param err          where option errors go
     * @param flotillaRoot the repository root with {@code ./flotilla}; null to look for it
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Path flotillaRoot) {
        String[] effective = args.length > 0 && args[0].equals("demo")
                ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        CommandLine commandLine = new CommandLine(new DemoCommand(out, flotillaRoot));
        commandLine.setOut(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        return commandLine.execute(effective);
    }
}
