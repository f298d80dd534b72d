package dev.flotilla.deploy.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.deploy.DeployFiles;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarballs the package phase wrote are valid images ({@code docker save} format): a manifest naming the config
 * and the layers, every layer's content matching its diff id, the entrypoint, the non-root user, the files that
 * make it run; the applications sit on the base image's very layers. As root, the server image is also unpacked
 * and its entrypoint run in a chroot as the image's user until it answers {@code /q/health/ready}.
 */
class ImageTarIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Image base;
  private static Image server;
  private static Image agent;

  @BeforeAll
  static void read() throws IOException {
    Path images = Path.of(System.getProperty("flotilla.images.dir", "target/images"));
    base = Image.read(images.resolve("flotilla-base.tar"));
    server = Image.read(images.resolve("flotilla-server.tar"));
    agent = Image.read(images.resolve("flotilla-agent.tar"));
  }

  @Test
  void eachTarballIsAnImageWhoseLayersMatchTheirDiffIds() throws IOException {
    for (Image image : List.of(base, server, agent)) {
      assertThat(image.config.path("os").asText()).isEqualTo("linux");
      assertThat(image.config.path("architecture").asText()).isIn("amd64", "arm64");
      assertThat(image.config.at("/config/User").asText()).isEqualTo("65532:65532");
      assertThat(image.config.at("/config/Entrypoint/0").asText()).isEqualTo("/opt/java/bin/java");
      assertThat(image.config.path("created").asText()).as("reproducible").isEqualTo("1970-01-01T00:00:00Z");
      List<String> diffIds = texts(image.config.at("/rootfs/diff_ids"));
      assertThat(diffIds).hasSameSizeAs(image.layers);
      for (int i = 0; i < diffIds.size(); i++) {
        assertThat(image.uncompressedDigest(i)).as(image.tar + " layer " + i).isEqualTo(diffIds.get(i));
      }
    }
    assertThat(base.tags).containsExactly("flotilla-base:" + DeployFiles.version());
    assertThat(server.tags).containsExactly("flotilla-server:" + DeployFiles.version());
    assertThat(agent.tags).containsExactly("flotilla-agent:" + DeployFiles.version());
  }

  @Test
  void applicationsAreBuiltOnTheBaseImage() {
    List<String> baseLayers = texts(base.config.at("/rootfs/diff_ids"));
    for (Image app : List.of(server, agent)) {
      assertThat(texts(app.config.at("/rootfs/diff_ids")).subList(0, baseLayers.size())).isEqualTo(baseLayers);
      assertThat(app.config.at("/config/Labels/dev.flotilla.base.java").asText()).isNotBlank();
      assertThat(app.config.at("/config/Labels/dev.flotilla.base.package.libc6").asText()).isNotBlank();
    }
    assertThat(texts(server.config.at("/config/Cmd"))).containsExactly("server", "--data-dir=/var/lib/flotilla");
    assertThat(texts(server.config.at("/config/Entrypoint"))).contains("--add-opens", "-jar", "/app/quarkus-run.jar");
    assertThat(server.config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(server.config.at("/config/ExposedPorts").has("8053/udp")).isTrue();
    assertThat(agent.config.at("/config/ExposedPorts").has("8081/tcp")).isTrue();
    assertThat(texts(agent.config.at("/config/Entrypoint"))).endsWith("-jar", "/app/quarkus-run.jar");
  }

  @Test
  void theFilesSystemIsDistrolessAndOwnedRight() throws IOException {
    Map<String, TarArchiveEntry> files = server.files();
    assertThat(files.get("opt/java/bin/java").getMode() & 0777).isEqualTo(0755);
    assertThat(files).containsKeys("lib64/ld-linux-x86-64.so.2", "etc/ssl/certs/ca-certificates.crt",
        "app/quarkus-run.jar", "opt/java/lib/server/libjvm.so", "var/lib/dpkg/status.d/libc6");
    assertThat(files).doesNotContainKeys("bin/sh", "usr/bin/sh", "bin/bash", "usr/bin/apt");
    TarArchiveEntry data = files.get("var/lib/flotilla/");
    assertThat(data.getLongUserId()).isEqualTo(65532);
    assertThat(data.getMode() & 0777).isEqualTo(0700);
    assertThat(agent.files().get("var/lib/flotilla-agent/").getLongUserId()).isEqualTo(65532);
    assertThat(server.read("etc/passwd")).contains("nonroot:x:65532:65532:");
  }

  @Test
  void theServerImageRunsAsItsUser(@TempDir Path temp) throws Exception {
    boolean root = "root".equals(System.getProperty("user.name"));
    boolean unshare = List.of("/usr/bin/unshare", "/bin/unshare").stream().anyMatch(p -> Files.isExecutable(Path.of(p)));
    String chroot = List.of("/usr/sbin/chroot", "/sbin/chroot").stream().filter(p -> Files.isExecutable(Path.of(p)))
        .findFirst().orElse(null);
    assumeTrue(root && unshare && chroot != null, "unpacking and running an image in a chroot needs root, unshare "
        + "and chroot");
    Path rootfs = temp.resolve("rootfs");
    server.unpack(rootfs, temp.resolve("image"));
    Files.createDirectories(rootfs.resolve("proc"));
    Files.createDirectories(rootfs.resolve("dev"));
    for (String file : List.of("etc/hosts", "etc/resolv.conf")) {
      Files.writeString(rootfs.resolve(file), "");
    }
    int port;
    int dnsPort;
    try (ServerSocket one = new ServerSocket(0); ServerSocket two = new ServerSocket(0)) {
      port = one.getLocalPort();
      dnsPort = two.getLocalPort();
    }
    List<String> command = new ArrayList<>(texts(server.config.at("/config/Entrypoint")));
    command.addAll(List.of("server", "--data-dir=/var/lib/flotilla", "--host=127.0.0.1", "--port=" + port,
        "--dns-port=" + dnsPort));
    // What a container runtime mounts: /proc (the loader finds the JRE's libraries through /proc/self/exe), /dev,
    // and the node's /etc/hosts and /etc/resolv.conf (without them, every local name lookup waits for a timeout).
    String script = "mount -t proc proc proc && mount --bind /dev dev && mount --bind /etc/hosts etc/hosts"
        + " && mount --bind /etc/resolv.conf etc/resolv.conf && exec env -i "
        + "HOME=/home/nonroot LANG=C.UTF-8 PATH=/opt/java/bin " + chroot + " --userspec=65532:65532 . "
        + String.join(" ", command);
    ProcessBuilder builder = new ProcessBuilder("unshare", "--mount", "--fork", "--kill-child",
        "/bin/sh", "-c", script).directory(rootfs.toFile()).redirectErrorStream(true)
        .redirectOutput(temp.resolve("server.log").toFile());
    builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    Process process = builder.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
          .timeout(Duration.ofSeconds(2)).build();
      int status = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (status != 200 && process.isAlive() && System.nanoTime() < deadline) {
        try {
          status = http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException notYet) {
          Thread.sleep(250);
        }
      }
      String log = Files.readString(temp.resolve("server.log"));
      assertThat(status).as(log).isEqualTo(200);
      assertThat(log).contains("Flotilla control plane ready").contains("/var/lib/flotilla");
      assertThat(log).doesNotContain("ExtendedSocketOptions");
    } finally {
      // unshare --fork ignores SIGTERM while it waits, and its --kill-child is lost when chroot changes the user:
      // stop the server itself (SIGTERM, as a runtime would), then make sure nothing is left.
      List<ProcessHandle> children = process.descendants().toList();
      children.forEach(ProcessHandle::destroy);
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        children.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
      for (ProcessHandle child : children) {
        child.destroyForcibly();
        child.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  /** One image tarball, read. */
  private record Image(Path tar, List<String> tags, JsonNode config, List<String> layers) {

    static Image read(Path tar) throws IOException {
      assertThat(tar).as("run the package phase first (./mvnw -pl deploy package)").isRegularFile();
      try (TarFile file = new TarFile(tar.toFile())) {
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        file.getEntries().forEach(entry -> entries.put(entry.getName(), entry));
        JsonNode manifest = JSON.readTree(file.getInputStream(entries.get("manifest.json")));
        assertThat(manifest.size()).isEqualTo(1);
        JsonNode only = manifest.get(0);
        String configName = only.path("Config").asText();
        assertThat(entries).containsKey(configName);
        JsonNode config = JSON.readTree(file.getInputStream(entries.get(configName)));
        List<String> layers = texts(only.path("Layers"));
        assertThat(layers).isNotEmpty().allSatisfy(layer -> assertThat(entries).containsKey(layer));
        return new Image(tar, texts(only.path("RepoTags")), config, layers);
      }
    }

    /** The sha256 of a layer's uncompressed tar, as its diff id spells it. */
    String uncompressedDigest(int layer) throws IOException {
      try (TarFile file = new TarFile(tar.toFile())) {
        TarArchiveEntry entry = file.getEntries().stream().filter(e -> e.getName().equals(layers.get(layer)))
            .findFirst().orElseThrow();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(new GZIPInputStream(file.getInputStream(entry)), sha256)) {
          in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return "sha256:" + HexFormat.of().formatHex(sha256.digest());
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** Every file of the image, by path without the leading slash (folders end with a slash). */
    Map<String, TarArchiveEntry> files() throws IOException {
      Map<String, TarArchiveEntry> files = new HashMap<>();
      forEachLayerEntry((entry, in) -> files.put(entry.getName().replaceFirst("^\\./", ""), entry));
      return files;
    }

    String read(String path) throws IOException {
      StringBuilder content = new StringBuilder();
      forEachLayerEntry((entry, in) -> {
        if (entry.getName().replaceFirst("^\\./", "").equals(path)) {
          content.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      });
      return content.toString();
    }

    /** Unpacks the layers in order, as a container runtime would, with GNU tar (root keeps owners and modes). */
    void unpack(Path root, Path scratch) throws IOException, InterruptedException {
      Files.createDirectories(root);
      Files.createDirectories(scratch);
      tar("-xf", tar.toString(), "-C", scratch.toString());
      for (String layer : layers) {
        tar("-xzf", scratch.resolve(layer).toString(), "-C", root.toString());
      }
    }

    private static void tar(String... args) throws IOException, InterruptedException {
      List<String> command = new ArrayList<>(List.of("tar", "--warning=no-unknown-keyword"));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + output);
      }
    }

    private interface EntryVisitor {
      void visit(TarArchiveEntry entry, InputStream in) throws IOException;
    }

    private void forEachLayerEntry(EntryVisitor visitor) throws IOException {
      try (TarFile file = new TarFile(tar.toFile())) {
        for (String layer : layers) {
          TarArchiveEntry layerEntry = file.getEntries().stream().filter(e -> e.getName().equals(layer))
              .findFirst().orElseThrow();
          try (TarArchiveInputStream in = new TarArchiveInputStream(
              new GZIPInputStream(file.getInputStream(layerEntry)))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
              visitor.visit(entry, in);
            }
          }
        }
      }
    }
  }
}
