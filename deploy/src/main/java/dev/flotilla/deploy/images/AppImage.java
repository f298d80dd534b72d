package dev.flotilla.deploy.images;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One of Flotilla's Quarkus applications as an image on the base image: its fast-jar ({@code target/quarkus-app})
 * under {@code /app} in two layers — the third-party libraries, which rarely change, then Flotilla's own jars and
 * Quarkus' generated classes — plus the folder it keeps its state in, owned by the non-root user.
 *
 * @param name        the image's repository name, e.g. {@code flotilla-server}
 * @param description what it is (a label)
 * @param quarkusApp  the fast-jar folder
 * @param entrypoint  the command line before the arguments
 * @param arguments   the default arguments (Docker's CMD), replaced by a Kubernetes container's {@code args}
 * @param ports       the ports it listens on
 * @param stateDir    the folder it writes to, in the image
 */
public record AppImage(String name, String description, Path quarkusApp, List<String> entrypoint,
                       List<String> arguments, Set<Port> ports, String stateDir) {

  /** Where the fast-jar goes in the image. */
  public static final String APP_ROOT = "/app";

  /** Hazelcast reaches into JDK internals; the same flags as the ./flotilla launcher gives it. */
  public static final List<String> HAZELCAST_OPENS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  /** JVM flags for a container: size the heap from the container's memory limit, and die rather than limp. */
  public static final List<String> CONTAINER_JVM = List.of("-XX:MaxRAMPercentage=75",
      "-XX:+ExitOnOutOfMemoryError", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4");

  /**
   * The control plane: {@code flotilla server}, data in {@code /var/lib/flotilla}.
   *
   * @param quarkusApp federation-api/server/target/quarkus-app
   * @return its image
   */
  public static AppImage server(Path quarkusApp) {
    List<String> entrypoint = new ArrayList<>(List.of(BaseImage.JAVA_HOME + "/bin/java"));
    entrypoint.addAll(CONTAINER_JVM);
    entrypoint.addAll(HAZELCAST_OPENS);
    entrypoint.addAll(List.of("-jar", APP_ROOT + "/quarkus-run.jar"));
    return new AppImage("flotilla-server", "Flotilla control plane: the federation API server and its DNS",
        quarkusApp, entrypoint, List.of("server", "--data-dir=/var/lib/flotilla"),
        ordered(Port.tcp(8080), Port.udp(8053), Port.tcp(8053), Port.tcp(5701)), "/var/lib/flotilla");
  }

  /**
   * A member cluster's agent: {@code flotilla agent}, its state in {@code /var/lib/flotilla-agent}.
   *
   * @param quarkusApp member-cluster-agent/app/target/quarkus-app
   * @return its image
   */
  public static AppImage agent(Path quarkusApp) {
    List<String> entrypoint = new ArrayList<>(List.of(BaseImage.JAVA_HOME + "/bin/java"));
    entrypoint.addAll(CONTAINER_JVM);
    entrypoint.addAll(List.of("-jar", APP_ROOT + "/quarkus-run.jar"));
    return new AppImage("flotilla-agent", "Flotilla agent of one member cluster", quarkusApp, entrypoint,
        List.of(), ordered(Port.tcp(8081)), "/var/lib/flotilla-agent");
  }

  /** In a stable order, so that the same inputs always give the same image config. */
  private static Set<Port> ordered(Port... ports) {
    return new java.util.LinkedHashSet<>(List.of(ports));
  }

  /**
   * The image's own layers (on top of the base image's).
   *
   * @param empty an empty folder, the source of the state folder's entry
   * @return the libraries layer, the application layer and the state folder
   * @throws IOException when the fast-jar cannot be read
   * @throws ImageBuildException when the fast-jar is missing
   */
  public List<FileEntriesLayer> layers(Path empty) throws IOException {
    if (!Files.isRegularFile(quarkusApp.resolve("quarkus-run.jar"))) {
      throw new ImageBuildException(quarkusApp + "/quarkus-run.jar is missing: build the application first "
          + "(./mvnw -q -DskipTests install, or ./flotilla build)");
    }
    FileEntriesLayer.Builder libraries = FileEntriesLayer.builder().setName("libraries");
    FileEntriesLayer.Builder application = FileEntriesLayer.builder().setName("application");
    FilePermissions readOnly = FilePermissions.fromOctalString("644");
    try (Stream<Path> files = Files.walk(quarkusApp)) {
      for (Path file : files.sorted().toList()) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String relative = quarkusApp.relativize(file).toString().replace('\\', '/');
        AbsoluteUnixPath target = AbsoluteUnixPath.get(APP_ROOT + "/" + relative);
        boolean thirdParty = relative.startsWith("lib/") && !file.getFileName().toString().startsWith("dev.flotilla.");
        (thirdParty ? libraries : application).addEntry(new FileEntry(file, target, readOnly,
            FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
      }
    }
    FileEntriesLayer state = FileEntriesLayer.builder().setName("state")
        .addEntry(BaseImage.directory(empty, stateDir, "700", BaseImage.USER)).build();
    return List.of(libraries.build(), application.build(), state);
  }
}
