package dev.flotilla.demo.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository root, where the {@code ./flotilla} launcher is: the {@code flotilla.root} system property
 * (the launcher and the build set it), else the current directory or one of its parents.
 */
public final class FlotillaRoot {

    private FlotillaRoot() {
    }

    public static Path find() {
        String property = System.getProperty("flotilla.root");
        if (property != null && !property.isBlank()) {
            Path root = Path.of(property).toAbsolutePath().normalize();
            if (!isRoot(root)) {
                throw new IllegalStateException("flotilla.root=" + property + " has no ./flotilla launcher");
            }
            return root;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the Flotilla repository (the directory with the ./flotilla "
                + "launcher): run the demo as `./flotilla demo` from the repository");
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("flotilla")) && Files.isDirectory(dir.resolve("federation-api"));
    }
}
