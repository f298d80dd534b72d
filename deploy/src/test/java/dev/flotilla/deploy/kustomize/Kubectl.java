package dev.flotilla.deploy.kustomize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real kubectl, for {@code kubectl kustomize}, which needs no server. On these machines {@code kubectl} on the
 * PATH is a dispatcher that asks a server for its version before it runs anything, so the versioned clients beside
 * it ({@code kubectl.1.33}, ...) are preferred, newest first. {@code -Dflotilla.kubectl=PATH} or
 * {@code FLOTILLA_KUBECTL} chooses one.
 */
public final class Kubectl {

  private static final Pattern VERSIONED = Pattern.compile("kubectl\\.1\\.(\\d+)");
  private static volatile Path found;

  private Kubectl() {
  }

  /**
   * A kubectl that runs without a server.
   *
   * @return its path
   * @throws IllegalStateException naming where it looked, when none works
   */
  public static Path find() {
    Path cached = found;
    if (cached != null) {
      return cached;
    }
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("flotilla.kubectl")).map(Path::of).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv("FLOTILLA_KUBECTL")).map(Path::of).ifPresent(candidates::add);
    List<Path> onPath = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path kubectl = Path.of(dir.isEmpty() ? "." : dir, "kubectl");
      if (Files.isExecutable(kubectl)) {
        onPath.add(kubectl);
        try {
          candidates.addAll(versionedBeside(kubectl.toRealPath().getParent()));
        } catch (IOException e) {
          // a dangling link: try the next one
        }
      }
    }
    candidates.addAll(versionedBeside(Path.of("/usr/lib/google-cloud-sdk/bin")));
    candidates.addAll(onPath);
    for (Path candidate : candidates) {
      if (works(candidate)) {
        found = candidate;
        return candidate;
      }
    }
    throw new IllegalStateException("no kubectl that runs without a server; looked at " + candidates
        + " (set -Dflotilla.kubectl=PATH or FLOTILLA_KUBECTL)");
  }

  /**
   * Renders a Kustomize folder, as {@code kubectl apply -k} would send it.
   *
   * @param folder the folder holding a kustomization.yaml
   * @return the YAML stream
   * @throws IllegalStateException with kubectl's own message when it fails
   */
  public static String kustomize(Path folder) {
    return run(List.of(find().toString(), "kustomize", folder.toString()));
  }

  private static List<Path> versionedBeside(Path dir) {
    List<Path> versioned = new ArrayList<>();
    if (dir == null || !Files.isDirectory(dir)) {
      return versioned;
    }
    try (var files = Files.list(dir)) {
      files.filter(file -> VERSIONED.matcher(file.getFileName().toString()).matches() && Files.isExecutable(file))
          .sorted(Comparator.comparingInt(Kubectl::minor).reversed())
          .forEach(versioned::add);
    } catch (IOException e) {
      // unreadable: nothing here
    }
    return versioned;
  }

  private static int minor(Path file) {
    Matcher matcher = VERSIONED.matcher(file.getFileName().toString());
    return matcher.matches() ? Integer.parseInt(matcher.group(1)) : -1;
  }

  private static boolean works(Path candidate) {
    if (!Files.isExecutable(candidate)) {
      return false;
    }
    try {
      run(List.of(candidate.toString(), "version", "--client", "--output=json"));
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      process.getOutputStream().close();
      // Read stderr on its own thread so that neither pipe can fill and block kubectl.
      var stderr = new java.util.concurrent.CompletableFuture<String>();
      Thread reader = new Thread(() -> {
        try {
          stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
          stderr.complete("");
        }
      });
      reader.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + ": no answer in 60 s");
      }
      reader.join();
      if (process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed (" + process.exitValue() + "): "
            + stderr.join().trim());
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
