package dev.flotilla.deploy.images;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;

/**
 * Builds Flotilla's images as tarballs with Jib, with no Docker daemon and no registry:
 * <ol>
 *   <li>{@code flotilla-base.tar}: the distroless-style base ({@link BaseImage}), from scratch;</li>
 *   <li>{@code flotilla-server.tar} and {@code flotilla-agent.tar}: the Quarkus fast-jars ({@link AppImage}) on
 *       that base, which Jib reads back from the tarball ({@code tar://}, as its plugins accept it).</li>
 * </ol>
 * Each tarball is in Docker's {@code docker save} format: {@code docker load}, {@code ctr image import},
 * {@code podman load} and {@code skopeo copy docker-archive:...} take it. Jib writes every file with the same
 * timestamp and the image with a fixed creation time, so the same inputs give the same image digest.
 *
 * <p>Run by the deploy module's package phase; {@code --server-app}, {@code --agent-app}, {@code --output},
 * {@code --work} and {@code --version} are required, {@code --jdk} defaults to the JDK running the build.
 */
public final class ImageBuild {

  private ImageBuild() {
  }

  /**
   * Builds the three images.
   *
   * @param args {@code --name=value} options (see the class comment)
   * @throws Exception when an image cannot be built (the message says why)
   */
  public static void main(String... args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (!arg.startsWith("--") || equals < 0) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      options.put(arg.substring(2, equals), arg.substring(equals + 1));
    }
    String version = required(options, "version");
    Path output = Path.of(required(options, "output"));
    Path work = Path.of(required(options, "work"));
    Path jdk = Path.of(options.getOrDefault("jdk", System.getProperty("java.home")));
    build(jdk, AppImage.server(Path.of(required(options, "server-app"))),
        AppImage.agent(Path.of(required(options, "agent-app"))), output, work, version);
  }

  /**
   * Builds the base image, then the applications on it.
   *
   * @param jdk     the JDK the JRE is linked from
   * @param server  the control plane's image
   * @param agent   the agent's image
   * @param output  where the tarballs go
   * @param work    a scratch folder (the JRE, generated files, Jib's layer cache)
   * @param version the images' tag
   * @throws Exception when an image cannot be built
   */
  public static void build(Path jdk, AppImage server, AppImage agent, Path output, Path work, String version)
      throws Exception {
    long started = System.nanoTime();
    Files.createDirectories(output);
    BaseImage base = BaseImage.assemble(jdk, work.resolve("base"));
    base.check();
    Path empty = work.resolve("empty");
    Files.createDirectories(empty);

    Path baseTar = output.resolve("flotilla-base.tar");
    String baseName = "flotilla-base:" + version;
    JibContainerBuilder baseBuilder = Jib.fromScratch()
        .setFormat(ImageFormat.Docker)
        .setPlatforms(Set.of(new Platform(architecture(), "linux")))
        .setFileEntriesLayers(base.layers())
        // Sorted: an unordered map would change the config, and so the image id, from one build to the next.
        .setEnvironment(new java.util.TreeMap<>(Map.of("JAVA_HOME", BaseImage.JAVA_HOME,
            "PATH", BaseImage.JAVA_HOME + "/bin", "LANG", "C.UTF-8")))
        .setUser(BaseImage.USER)
        .setWorkingDirectory(com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath.get("/home/nonroot"))
        .setEntrypoint(BaseImage.JAVA_HOME + "/bin/java")
        .setProgramArguments("-version");
    base.labels().forEach(baseBuilder::addLabel);
    baseBuilder.addLabel("org.opencontainers.image.title", "flotilla-base");
    baseBuilder.addLabel("org.opencontainers.image.description",
        "Distroless-style JRE for Flotilla: a jlink'ed JRE and Debian's libc, libgcc, libstdc++ and zlib");
    baseBuilder.addLabel("org.opencontainers.image.version", version);
    report(containerize(baseBuilder, baseTar, baseName, work, version), baseTar);

    for (AppImage app : new AppImage[] {server, agent}) {
      Path tar = output.resolve(app.name() + ".tar");
      JibContainerBuilder builder = Jib.from(TarImage.at(baseTar).named(baseName))
          .setFileEntriesLayers(app.layers(empty))
          .setEntrypoint(app.entrypoint())
          .setProgramArguments(app.arguments())
          .setExposedPorts(app.ports())
          .setUser(BaseImage.USER)
          .addLabel("org.opencontainers.image.title", app.name())
          .addLabel("org.opencontainers.image.description", app.description())
          .addLabel("org.opencontainers.image.version", version)
          .addLabel("org.opencontainers.image.base.name", baseName);
      report(containerize(builder, tar, app.name() + ":" + version, work, version), tar);
    }
    System.out.printf("flotilla images: built in %.1f s into %s%n", (System.nanoTime() - started) / 1e9, output);
  }

  private static JibContainer containerize(JibContainerBuilder builder, Path tar, String name, Path work,
                                           String version)
      throws InvalidImageReferenceException, InterruptedException, RegistryException, IOException,
      CacheDirectoryCreationException, ExecutionException {
    Containerizer containerizer = Containerizer.to(TarImage.at(tar).named(name))
        .setOfflineMode(true)
        .setBaseImageLayersCache(work.resolve("jib-cache/base"))
        .setApplicationLayersCache(work.resolve("jib-cache/application"))
        .setToolName("flotilla-images")
        .setToolVersion(version);
    return builder.containerize(containerizer);
  }

  private static void report(JibContainer image, Path tar) throws IOException {
    System.out.printf("flotilla images: %s %s (%d MB) %s%n", tar.getFileName(), image.getImageId(),
        Files.size(tar) / (1024 * 1024), image.getTargetImage());
  }

  private static String architecture() {
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    return switch (arch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> throw new ImageBuildException("no base image for architecture " + arch);
    };
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing --" + name + "=...");
    }
    return value;
  }
}
