package dev.flotilla.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the console for the demo: everything the in-process simulated clusters and agents log (java.util.logging;
 * the agents' JBoss Logging and fabric8's SLF4J are routed there) goes to one file instead. {@link #close()} puts
 * the previous handlers back, so running the demo inside another program (a test) leaves its logging as it was.
 */
final class DemoLogging implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());
    /** Loggers that log every request or connection at INFO: only their warnings are worth the file. */
    private static final List<String> CHATTY = List.of("io.fabric8.mockwebserver", "okhttp3.mockwebserver",
            "io.fabric8.kubernetes.client.dsl.internal", "io.vertx", "io.netty");

    private final Logger root = Logger.getLogger("");
    private final List<Handler> previousHandlers;
    private final Level previousLevel;
    private final List<Logger> quieted = new ArrayList<>();
    private final List<Level> quietedLevels = new ArrayList<>();
    private final FileHandler file;

    private DemoLogging(Path path) throws IOException {
        // The agents log through JBoss Logging: make it pick java.util.logging before its first logger exists.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "jdk");
        }
        previousHandlers = List.of(root.getHandlers());
        previousLevel = root.getLevel();
        file = new FileHandler(path.toString(), true);
        file.setFormatter(new OneLine());
        file.setLevel(Level.ALL);
        previousHandlers.forEach(root::removeHandler);
        root.addHandler(file);
        root.setLevel(Level.INFO);
        for (String name : CHATTY) {
            Logger logger = Logger.getLogger(name);
            quieted.add(logger);
            quietedLevels.add(logger.getLevel());
            logger.setLevel(Level.WARNING);
        }
    }

    /** Routes java.util.logging to {@code path} (appended) until {@link #close()}. */
    static DemoLogging toFile(Path path) throws IOException {
        return new DemoLogging(path);
    }

    @Override
    public void close() {
        root.removeHandler(file);
        file.close();
        previousHandlers.forEach(root::addHandler);
        root.setLevel(previousLevel);
        for (int i = 0; i < quieted.size(); i++) {
            quieted.get(i).setLevel(quietedLevels.get(i));
        }
    }

    /** {@code 2026-11-25 12:00:01.123 WARNING dev.flotilla.agent.Agent: message}, then the stack trace if any. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            StringBuilder line = new StringBuilder().append(TIME.format(Instant.ofEpochMilli(record.getMillis())))
                    .append(' ').append(record.getLevel().getName()).append(' ').append(record.getLoggerName())
                    .append(": ").append(formatMessage(record)).append(System.lineSeparator());
            if (record.getThrown() != null) {
                StringWriter trace = new StringWriter();
                record.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
