package dev.flotilla.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is, and where a test may write its temporary files. */
public final class Workspace {

    private Workspace() {
    }

    /**
     * The repository root, the folder with the {@code flotilla} launcher: the {@code flotilla.root} system
     * property (set by the build), else the nearest folder above the working directory that has the launcher.
     */
    public static Path repositoryRoot() {
        String configured = System.getProperty("flotilla.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("flotilla")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the repository root (the folder with ./flotilla); "
                + "set -Dflotilla.root=PATH");
    }

    /**
     * A new, empty folder for one test class's files (data dirs, logs, kubectl caches), under the build's
     * {@code target/it-work} so that {@code mvn clean} removes it.
     */
    public static Path newWorkDir(String prefix) {
        String configured = System.getProperty("flotilla.it.work");
        Path base = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : repositoryRoot().resolve("integration-tests/target/it-work");
        try {
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work folder under " + base, e);
        }
    }

    /** Deletes a folder and everything in it; best effort, because it only frees disk space. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a file still held open by a dying process; mvn clean gets it later
                }
            });
        } catch (IOException ignored) {
            // same as above
        }
    }
}
