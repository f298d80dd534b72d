package dev.flotilla.it.support;

import dev.flotilla.demo.local.FlotillaRoot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a test may write its temporary files (the repository root is {@link FlotillaRoot#find()}). */
public final class Workspace {

    private Workspace() {
    }

    /**
     * A new, empty folder for one test class's files (data dirs, logs, kubectl caches), under the build's
     * {@code target/it-work} so that {@code mvn clean} removes it.
     */
    public static Path newWorkDir(String prefix) {
        String configured = System.getProperty("flotilla.it.work");
        Path base = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : FlotillaRoot.find().resolve("integration-tests/target/it-work");
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
