package dev.flotilla.agent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads what a JVM process costs from outside it, so the measurement adds nothing to the process measured: CPU time
 * from {@code /proc/<pid>/stat} (utime + stime, all threads), resident memory and threads from
 * {@code /proc/<pid>/status}, and heap after a full GC with {@code jcmd <pid> GC.run} then {@code jstat -gc <pid>}
 * (which works for any collector).
 */
final class ProcessMeter {

  /** Heap after a full GC, in KiB, as jstat reports it. */
  record Heap(long usedKib, long committedKib, long metaspaceUsedKib) {
  }

  private final double ticksPerSecond = clockTicks();

  /**
   * CPU time used so far by a process and all its threads.
   *
   * @param pid the process
   * @return seconds of CPU (user + system)
   */
  double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) may hold spaces: count fields from the ')' that closes it. Field 3 (state) is
    // the first after it, so utime (field 14) and stime (field 15) are the 12th and 13th.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / ticksPerSecond;
  }

  /**
   * A value from {@code /proc/<pid>/status}, such as {@code VmRSS} (in kB) or {@code Threads}.
   *
   * @param pid the process
   * @param key the field
   * @return its number, or -1 when absent
   */
  long status(long pid, String key) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith(key + ":")) {
        return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
      }
    }
    return -1;
  }

  /**
   * Runs a full GC in the process, then reads its heap.
   *
   * @param pid a JVM
   * @return the heap after that GC
   */
  Heap heapAfterGc(long pid) {
    run(List.of("jcmd", Long.toString(pid), "GC.run"));
    String[] lines = run(List.of("jstat", "-gc", Long.toString(pid))).trim().split("\n");
    if (lines.length < 2) {
      throw new IllegalStateException("jstat -gc " + pid + " gave no values: " + String.join("\n", lines));
    }
    String[] names = lines[0].trim().split("\\s+");
    String[] values = lines[1].trim().split("\\s+");
    Map<String, Double> columns = new HashMap<>();
    for (int i = 0; i < Math.min(names.length, values.length); i++) {
      try {
        columns.put(names[i], Double.parseDouble(values[i]));
      } catch (NumberFormatException e) {
        // a '-' for a column this collector does not have
      }
    }
    long used = Math.round(column(columns, "S0U") + column(columns, "S1U") + column(columns, "EU")
        + column(columns, "OU"));
    long committed = Math.round(column(columns, "S0C") + column(columns, "S1C") + column(columns, "EC")
        + column(columns, "OC"));
    return new Heap(used, committed, Math.round(column(columns, "MU")));
  }

  private static double column(Map<String, Double> columns, String name) {
    return columns.getOrDefault(name, 0.0);
  }

  private static double clockTicks() {
    try {
      return Double.parseDouble(run(List.of("getconf", "CLK_TCK")).trim());
    } catch (RuntimeException e) {
      return 100; // the Linux default
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (has the process ended?)", e);
    }
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output.trim());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
    }
  }
}
