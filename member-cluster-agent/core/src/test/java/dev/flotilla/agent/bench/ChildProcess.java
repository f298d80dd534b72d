package dev.flotilla.agent.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One part of the federation run as its own JVM process (started directly, so the process id is the JVM's and its
 * CPU time and heap can be read from outside). Its output goes to a log file; {@link #awaitLine} waits for a line
 * such as a ready banner.
 */
final class ChildProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final CompletableFuture<String> readyLine = new CompletableFuture<>();

  private ChildProcess(String name, Process process, Path log, Predicate<String> ready) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(() -> copyOutput(log, ready), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a process.
   *
   * @param name what it is, for messages
   * @param command the command line
   * @param log where its output goes
   * @param ready which output line means "ready" (see {@link #awaitLine})
   * @return the running process
   */
  static ChildProcess start(String name, List<String> command, Path log, Predicate<String> ready) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    try {
      return new ChildProcess(name, builder.start(), log, ready);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + ": " + String.join(" ", command), e);
    }
  }

  private void copyOutput(Path log, Predicate<String> ready) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
         PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      String line;
      while ((line = lines.readLine()) != null) {
        out.println(line);
        if (!readyLine.isDone() && ready.test(line)) {
          readyLine.complete(line);
        }
      }
    } catch (IOException e) {
      // the process ended or the log cannot be written; awaitLine reports the exit
    }
    readyLine.completeExceptionally(new IllegalStateException("the " + name + " exited (code "
        + exitCode() + ") before it was ready; see " + log));
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /**
   * Waits for the ready line.
   *
   * @param timeout how long to wait
   * @return the line
   */
  String awaitLine(Duration timeout) {
    try {
      return readyLine.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the " + name + " was not ready within " + timeout.toSeconds() + " s: "
          + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
    }
  }

  /** @return the process id of the JVM */
  long pid() {
    return process.pid();
  }

  /** @return whether it still runs */
  boolean alive() {
    return process.isAlive();
  }

  /** Stops it: SIGTERM, then SIGKILL after 10 s. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ")";
  }
}
