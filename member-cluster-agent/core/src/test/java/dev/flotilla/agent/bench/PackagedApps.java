package dev.flotilla.agent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private copy of the three packaged apps (control plane, agent, simulated member), started with the same JVM
 * options as {@code ./flotilla}. The copy is taken once at start because other engineers rebuild the shared work
 * tree while a benchmark runs: a {@code target/quarkus-app} replaced mid-run made the control plane fail with
 * {@code NoSuchFileException} on its own jars.
 */
final class PackagedApps {

  private static final String SERVER_APP = "federation-api/server/target/quarkus-app";
  private static final String AGENT_APP = "member-cluster-agent/app/target/quarkus-app";
  private static final String SIMULATOR_JAR = "member-cluster-agent/simulator/target/flotilla-member-simulator.jar";
  /** What ./flotilla passes to the server: Hazelcast's module access, and a common pool of 4 on 2 cores. */
  private static final List<String> SERVER_JVM = List.of("--add-modules", "java.se", "--add-exports",
      "java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens",
      "java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4");
  /** What ./flotilla passes to the agent. */
  private static final List<String> AGENT_JVM = List.of("-Djava.util.concurrent.ForkJoinPool.common.parallelism=4");

  private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
  private final Path dir;

  private PackagedApps(Path dir) {
    this.dir = dir;
  }

  /**
   * Copies the packaged apps, retrying while a build is replacing them.
   *
   * @param root the repository root
   * @param dir where the copy goes (emptied first)
   * @return the copy
   * @throws IOException when they cannot be copied
   * @throws InterruptedException when interrupted while waiting for a build
   */
  static PackagedApps snapshot(Path root, Path dir) throws IOException, InterruptedException {
    for (String part : List.of(SERVER_APP + "/quarkus-run.jar", AGENT_APP + "/quarkus-run.jar", SIMULATOR_JAR)) {
      if (!Files.isRegularFile(root.resolve(part))) {
        throw new IllegalStateException(part + " is missing: build it first (./flotilla build)");
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        FileTime before = newest(root);
        delete(dir);
        copyTree(root.resolve(SERVER_APP), dir.resolve("server"));
        copyTree(root.resolve(AGENT_APP), dir.resolve("agent"));
        Files.copy(root.resolve(SIMULATOR_JAR), dir.resolve("simulator.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        if (before.equals(newest(root))) {
          return new PackagedApps(dir);
        }
      } catch (IOException | UncheckedIOException e) {
        if (attempt >= 10) {
          throw new IllegalStateException("cannot copy the packaged apps: " + e.getMessage(), e);
        }
      }
      if (attempt >= 10) {
        throw new IllegalStateException("the packaged apps kept changing while being copied (a build running?)");
      }
      Thread.sleep(15_000); // a build is replacing them: let it finish
    }
  }

  /** The newest modification time among the parts, to notice a build that ran during the copy. */
  private static FileTime newest(Path root) throws IOException {
    FileTime newest = FileTime.fromMillis(0);
    for (String part : List.of(SERVER_APP, AGENT_APP, SIMULATOR_JAR)) {
      try (Stream<Path> paths = Files.walk(root.resolve(part))) {
        for (Path path : paths.toList()) {
          FileTime time = Files.getLastModifiedTime(path);
          if (time.compareTo(newest) > 0) {
            newest = time;
          }
        }
      }
    }
    return newest;
  }

  /**
   * @param args the server's arguments (starting with {@code server})
   * @return the command line
   */
  List<String> server(List<String> args) {
    return command(SERVER_JVM, "", dir.resolve("server/quarkus-run.jar"), args);
  }

  /**
   * @param args the agent's options
   * @param javaOpts extra JVM options, space-separated (may be empty)
   * @return the command line
   */
  List<String> agent(List<String> args, String javaOpts) {
    return command(AGENT_JVM, javaOpts, dir.resolve("agent/quarkus-run.jar"), args);
  }

  /**
   * @param args the simulator's options
   * @return the command line
   */
  List<String> simulator(List<String> args) {
    return command(List.of(), "", dir.resolve("simulator.jar"), args);
  }

  private List<String> command(List<String> jvm, String javaOpts, Path jar, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvm);
    if (!javaOpts.isBlank()) {
      command.addAll(Arrays.asList(javaOpts.trim().split("\\s+")));
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    return command;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
