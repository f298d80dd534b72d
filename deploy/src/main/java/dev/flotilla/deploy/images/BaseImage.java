package dev.flotilla.deploy.images;

import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FileEntry;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The root file system of Flotilla's base image, distroless-style: a JRE linked with jlink from the build's JDK,
 * the shared libraries it loads taken from the build machine's Debian packages ({@code dpkg -L}), CA certificates,
 * and {@code /etc/passwd} with the non-root user 65532. No shell, no package manager.
 *
 * <p>Nothing is downloaded: the inputs are the JDK that runs the build and the installed Debian packages, whose
 * versions the image's labels record. {@link #check()} proves the closure: every library an ELF file in the image
 * needs is in the image.
 */
public final class BaseImage {

  /** Where the JRE goes in the image. */
  public static final String JAVA_HOME = "/opt/java";
  /** The non-root user (distroless' {@code nonroot}). */
  public static final String USER = "65532:65532";
  /** The Debian packages whose shared libraries the JRE loads: the C library, libgcc, libstdc++, zlib. */
  public static final List<String> PACKAGES = List.of("libc6", "libgcc-s1", "libstdc++6", "zlib1g");
  /**
   * The JDK modules: Java SE (Hazelcast asks for all of it) and the JDK modules the servers use (jdk.net: the TCP
   * keep-alive options Hazelcast sets on its member connections).
   */
  public static final List<String> MODULES = List.of("java.se", "jdk.unsupported", "jdk.crypto.ec",
      "jdk.naming.dns", "jdk.net", "jdk.management", "jdk.zipfs", "jdk.jfr");
  /**
   * Native parts of java.desktop (and sound) that need X11, fonts, image or audio libraries a server never loads;
   * leaving them out keeps those libraries out of the image. java.beans and the rest of java.desktop stay.
   */
  public static final List<String> EXCLUDED_NATIVE = List.of("libawt_xawt.so", "libjawt.so", "libsplashscreen.so",
      "libfontmanager.so", "libjavajpeg.so", "liblcms.so", "libjsound.so");

  private static final FilePermissions READ_ONLY = FilePermissions.fromOctalString("644");
  private static final FilePermissions EXECUTABLE = FilePermissions.fromOctalString("755");

  private final List<FileEntry> jre;
  private final List<FileEntry> system;
  private final Map<String, String> labels;

  private BaseImage(List<FileEntry> jre, List<FileEntry> system, Map<String, String> labels) {
    this.jre = jre;
    this.system = system;
    this.labels = labels;
  }

  /**
   * Links the JRE and gathers the system files.
   *
   * @param jdk  the JDK to link from (its jmods, or its run-time image where the JDK allows that)
   * @param work a scratch folder (emptied)
   * @return the base image's files
   * @throws IOException when a file cannot be read or written
   * @throws ImageBuildException when jlink or dpkg fails
   */
  public static BaseImage assemble(Path jdk, Path work) throws IOException {
    deleteRecursively(work);
    Files.createDirectories(work);
    Path jreFolder = work.resolve("jre");
    jlink(jdk, jreFolder);
    List<FileEntry> jre = new ArrayList<>();
    try (Stream<Path> files = Files.walk(jreFolder)) {
      for (Path file : files.sorted().toList()) {
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          jre.add(entry(file, JAVA_HOME + "/" + jreFolder.relativize(file).toString().replace('\\', '/')));
        }
      }
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("dev.flotilla.base.java", javaVersion(jreFolder));
    List<FileEntry> system = new ArrayList<>();
    Path status = work.resolve("dpkg-status");
    Files.createDirectories(status);
    for (String pkg : PACKAGES) {
      String version = run("dpkg-query", "-W", "-f=${Version}", pkg).trim();
      labels.put("dev.flotilla.base.package." + pkg, version);
      system.addAll(packageFiles(pkg));
      // Where distroless images record their packages, so that image scanners know what is inside.
      Path stanza = status.resolve(pkg);
      Files.writeString(stanza, run("dpkg-query", "-s", pkg));
      system.add(new FileEntry(stanza, AbsoluteUnixPath.get("/var/lib/dpkg/status.d/" + pkg), READ_ONLY,
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
    }
    Path etc = work.resolve("etc");
    Files.createDirectories(etc);
    system.add(generated(etc, "passwd", """
        root:x:0:0:root:/root:/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin
        nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin
        """));
    system.add(generated(etc, "group", """
        root:x:0:
        nobody:x:65534:
        nonroot:x:65532:
        """));
    system.add(generated(etc, "nsswitch.conf", """
        passwd: files
        group: files
        hosts: files dns
        """));
    for (String copied : List.of("/etc/ssl/certs/ca-certificates.crt", "/etc/os-release")) {
      Path host = Path.of(copied);
      if (!Files.isReadable(host)) {
        throw new ImageBuildException(copied + " is missing on this machine (Debian packages ca-certificates "
            + "and base-files provide it)");
      }
      system.add(new FileEntry(host.toRealPath(), AbsoluteUnixPath.get(copied), READ_ONLY,
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
    }
    Path empty = work.resolve("empty");
    Files.createDirectories(empty);
    system.add(directory(empty, "/tmp", "777", "0:0"));
    system.add(directory(empty, "/home/nonroot", "700", USER));
    system.sort(Comparator.comparing(entry -> entry.getExtractionPath().toString()));
    return new BaseImage(List.copyOf(jre), List.copyOf(system), Map.copyOf(labels));
  }

  /**
   * The image's layers: the JRE, then the system files.
   *
   * @return two layers
   */
  public List<FileEntriesLayer> layers() {
    return List.of(FileEntriesLayer.builder().setName("jre").setEntries(jre).build(),
        FileEntriesLayer.builder().setName("system").setEntries(system).build());
  }

  /**
   * Labels that record the inputs: the Java version and each Debian package's version.
   *
   * @return label name to value
   */
  public Map<String, String> labels() {
    return new TreeMap<>(labels);
  }

  /**
   * Checks that every shared library an ELF file of the image needs is in the image: in the loader's folders for
   * system libraries, or in the JRE's own library folders for its libraries (the launcher finds them through its
   * {@code $ORIGIN} run path, and the JVM loads the others by path).
   *
   * @throws ImageBuildException listing each missing library and who needs it
   * @throws IOException when a file cannot be read
   */
  public void check() throws IOException {
    Set<String> present = new HashSet<>();
    List<FileEntry> all = new ArrayList<>(jre);
    all.addAll(system);
    for (FileEntry entry : all) {
      AbsoluteUnixPath path = entry.getExtractionPath();
      present.add(path.toString().substring(path.toString().lastIndexOf('/') + 1) + "@" + parent(path.toString()));
    }
    List<String> searched = List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu", "/lib", "/usr/lib", "/lib64", JAVA_HOME + "/lib", JAVA_HOME + "/lib/server",
        JAVA_HOME + "/lib/jli");
    List<String> missing = new ArrayList<>();
    for (FileEntry entry : all) {
      if (Files.isDirectory(entry.getSourceFile())) {
        continue;
      }
      Optional<List<String>> needed = ElfFile.neededLibraries(entry.getSourceFile());
      for (String library : needed.orElse(List.of())) {
        if (searched.stream().noneMatch(dir -> present.contains(library + "@" + dir))) {
          missing.add(entry.getExtractionPath() + " needs " + library);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new ImageBuildException("the base image lacks shared libraries its files need (add the Debian package "
          + "that provides each to BaseImage.PACKAGES, or leave its user out of the JRE):\n  "
          + String.join("\n  ", missing));
    }
  }

  /**
   * Links the JRE with the JDK's own jlink, in a process of its own: inside the build's JVM, jlink's lib/modules
   * came out different from one build to the next; as a process it is the same every time.
   */
  private static void jlink(Path jdk, Path output) {
    Path tool = jdk.resolve("bin/jlink");
    if (!Files.isExecutable(tool)) {
      throw new ImageBuildException("no " + tool + ": the images are linked from a JDK (17 or newer), not a JRE; "
          + "pass --jdk=PATH");
    }
    List<String> command = new ArrayList<>(List.of(tool.toString()));
    Path jmods = jdk.resolve("jmods");
    if (Files.isDirectory(jmods)) {
      command.addAll(List.of("--module-path", jmods.toString()));
    }
    command.addAll(List.of("--add-modules", String.join(",", MODULES),
        "--exclude-files", String.join(",", EXCLUDED_NATIVE.stream().map(name -> "**/" + name).toList()),
        "--strip-debug", "--no-man-pages", "--no-header-files", "--output", output.toString()));
    try {
      run(command.toArray(String[]::new));
    } catch (ImageBuildException e) {
      throw new ImageBuildException(e.getMessage()
          + (Files.isDirectory(jmods) ? "" : " (this JDK has no jmods folder: install its jmods package)"));
    }
  }

  /** The package's shared libraries (symlinks resolved) and its copyright file; no programs, no docs. */
  private static List<FileEntry> packageFiles(String pkg) throws IOException {
    List<String> listed = run("dpkg", "-L", pkg).lines().toList();
    Map<String, Path> kept = new TreeMap<>();
    Set<String> dropped = new HashSet<>();
    for (String path : listed) {
      if (!isLibrary(path)) {
        continue;
      }
      Path host = Path.of(path);
      if (!Files.isRegularFile(host)) {
        continue; // a folder, or a dangling link
      }
      if (Files.isSymbolicLink(host)) {
        Path target = host.toRealPath();
        // libz.so.1 -> libz.so.1.2.13 in one folder: keep the name the loader asks for, with the target's bytes.
        String sibling = parent(path) + "/" + target.getFileName();
        if (!sibling.equals(path) && listed.contains(sibling)) {
          dropped.add(sibling);
        }
        kept.put(path, target);
      } else {
        kept.put(path, host);
      }
    }
    dropped.forEach(kept::remove);
    List<FileEntry> entries = new ArrayList<>();
    kept.forEach((path, source) -> entries.add(new FileEntry(source, AbsoluteUnixPath.get(path),
        Files.isExecutable(source) ? EXECUTABLE : READ_ONLY, FileEntriesLayer.DEFAULT_MODIFICATION_TIME)));
    Path copyright = Path.of("/usr/share/doc", pkg, "copyright");
    if (Files.isRegularFile(copyright)) {
      entries.add(new FileEntry(copyright.toRealPath(), AbsoluteUnixPath.get(copyright.toString()), READ_ONLY,
          FileEntriesLayer.DEFAULT_MODIFICATION_TIME));
    }
    return entries;
  }

  private static boolean isLibrary(String path) {
    boolean inLibFolder = path.startsWith("/lib/") || path.startsWith("/lib64/") || path.startsWith("/usr/lib/");
    // gconv: glibc's iconv charsets (Java converts charsets itself); audit: the loader's auditing modules.
    return inLibFolder && !path.contains("/gconv/") && !path.contains("/audit/") && path.contains(".so");
  }

  private static FileEntry entry(Path file, String target) throws IOException {
    return new FileEntry(file, AbsoluteUnixPath.get(target), permissions(file),
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
  }

  /** The file's own permissions, without write access for anyone but root. */
  private static FilePermissions permissions(Path file) throws IOException {
    Set<PosixFilePermission> permissions = new HashSet<>(Files.getPosixFilePermissions(file));
    permissions.remove(PosixFilePermission.GROUP_WRITE);
    permissions.remove(PosixFilePermission.OTHERS_WRITE);
    permissions.add(PosixFilePermission.OWNER_READ);
    permissions.add(PosixFilePermission.GROUP_READ);
    permissions.add(PosixFilePermission.OTHERS_READ);
    return FilePermissions.fromPosixFilePermissions(permissions);
  }

  private static FileEntry generated(Path folder, String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return new FileEntry(file, AbsoluteUnixPath.get("/etc/" + name), READ_ONLY,
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME);
  }

  static FileEntry directory(Path empty, String target, String permissions, String owner) {
    return new FileEntry(empty, AbsoluteUnixPath.get(target), FilePermissions.fromOctalString(permissions),
        FileEntriesLayer.DEFAULT_MODIFICATION_TIME, owner);
  }

  private static String javaVersion(Path jre) throws IOException {
    for (String line : Files.readAllLines(jre.resolve("release"))) {
      if (line.startsWith("JAVA_VERSION=")) {
        return line.substring("JAVA_VERSION=".length()).replace("\"", "");
      }
    }
    throw new ImageBuildException("the linked JRE has no JAVA_VERSION in its release file");
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = process.waitFor();
      if (exit != 0) {
        throw new ImageBuildException(String.join(" ", command) + " failed (" + exit + "): " + out.trim());
      }
      return out;
    } catch (IOException e) {
      throw new ImageBuildException(String.join(" ", command) + ": " + e.getMessage()
          + " (the base image is made from this machine's Debian packages: is this Debian?)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageBuildException("interrupted");
    }
  }

  static void deleteRecursively(Path folder) throws IOException {
    if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
