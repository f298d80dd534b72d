package dev.flotilla.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the deploy module's committed files are, for tests (Maven passes it; an IDE runs from the module). */
public final class DeployFiles {

  private DeployFiles() {
  }

  /**
   * The deploy module's folder.
   *
   * @return e.g. {@code /work/main/deploy}
   */
  public static Path root() {
    String configured = System.getProperty("flotilla.deploy.dir");
    Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
    if (!Files.isDirectory(root.resolve("kustomize"))) {
      throw new IllegalStateException("no kustomize folder under " + root + "; run the tests from the deploy module");
    }
    return root;
  }

  /**
   * The project version the build passes to the tests.
   *
   * @return e.g. {@code 0.1.0-SNAPSHOT}
   */
  public static String version() {
    String version = System.getProperty("flotilla.version");
    if (version == null) {
      throw new IllegalStateException("system property flotilla.version is not set; run the tests with Maven");
    }
    return version;
  }
}
