package dev.flotilla.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a real kubectl binary against one server, the way a user with no kubeconfig would:
 * {@code --server http://127.0.0.1:PORT}, a fresh {@code --cache-dir} for every call, and {@code KUBECONFIG}
 * pointing at a file that does not exist so that the user's own configuration never leaks in. Every call has a
 * timeout, so a hang fails the test instead of blocking the build.
 */
public final class Kubectl {

    /** The newest client on these machines; tested by name, whatever the server's version says. */
    public static final String NEWEST = "kubectl.1.33";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private final Path executable;
    private final String serverUrl;
    private final Path workDir;
    private final AtomicInteger calls = new AtomicInteger();

    /**
     * @param executable the kubectl binary to run
     * @param serverUrl  the API server, e.g. {@code http://127.0.0.1:PORT}
     * @param workDir    a folder for manifests, caches and output files
     */
    public Kubectl(Path executable, String serverUrl, Path workDir) {
        this.executable = executable;
        this.serverUrl = serverUrl;
        this.workDir = workDir;
    }

    /** What one kubectl call did. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        /** @return stdout and stderr together, for assertions that do not care which stream */
        public String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\n  exit " + exitCode + "\n  stdout: " + stdout.strip()
                    + "\n  stderr: " + stderr.strip();
        }
    }

    /** A kubectl left running, e.g. {@code get -w}; its output collects in a file. */
    public static final class Background implements AutoCloseable {
        private final Process process;
        private final Path stdout;
        private final Path stderr;

        Background(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /** @return everything it has printed on stdout so far */
        public String stdoutSoFar() {
            return read(stdout);
        }

        /** @return everything it has printed on stderr so far */
        public String stderrSoFar() {
            return read(stderr);
        }

        /** @return whether it is still running */
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The directory of the real kubectl clients: the real path of {@code kubectl} on PATH (the gcloud
     * dispatcher, installed beside {@code kubectl.1.27} … {@code kubectl.1.33}).
     */
    public static Path clientDirectory() {
        Path onPath = onPath("kubectl").orElseThrow(() -> new IllegalStateException(
                "kubectl is not on PATH; these tests drive the real kubectl clients (kubectl.1.27 … 1.33)"));
        try {
            return onPath.toRealPath().getParent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot resolve " + onPath, e);
        }
    }

    /** @return the newest real kubectl, {@value #NEWEST}, from {@link #clientDirectory()} */
    public static Path newestClient() {
        Path client = clientDirectory().resolve(NEWEST);
        if (!Files.isExecutable(client)) {
            throw new IllegalStateException(NEWEST + " not found beside kubectl in " + clientDirectory());
        }
        return client;
    }

    /** @return {@code kubectl} as found on PATH (on these machines, the version dispatcher) */
    public static Path dispatcher() {
        return onPath("kubectl").orElseThrow(() -> new IllegalStateException("kubectl is not on PATH"));
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** @return the binary this instance runs */
    public Path executable() {
        return executable;
    }

    /** Runs {@code kubectl ARGS} and waits for it (at most {@link #CALL_TIMEOUT}). */
    public Result run(String... args) {
        return run(null, args);
    }

    private Result run(String stdin, String... args) {
        int call = calls.incrementAndGet();
        Path out = workDir.resolve("kubectl-" + call + ".out");
        Path err = workDir.resolve("kubectl-" + call + ".err");
        List<String> command = command(call, args);
        ProcessBuilder builder = builder(command, out, err);
        try {
            if (stdin != null) {
                Path in = workDir.resolve("kubectl-" + call + ".in");
                Files.writeString(in, stdin, StandardCharsets.UTF_8);
                builder.redirectInput(in.toFile());
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            Process process = builder.start();
            if (!process.waitFor(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError(String.join(" ", command) + " did not finish within "
                        + CALL_TIMEOUT.toSeconds() + " s; stdout so far: " + read(out) + "; stderr: " + read(err));
            }
            return new Result(command, process.exitValue(), read(out), read(err));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** Starts {@code kubectl ARGS} in the background (e.g. a watch); close the result to stop it. */
    public Background start(String... args) {
        int call = calls.incrementAndGet();
        Path out = workDir.resolve("kubectl-" + call + ".out");
        Path err = workDir.resolve("kubectl-" + call + ".err");
        ProcessBuilder builder = builder(command(call, args), out, err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        try {
            return new Background(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start kubectl", e);
        }
    }

    /** Writes a manifest into the work folder and returns its path, for {@code apply -f}. */
    public Path manifest(String fileName, String yaml) {
        Path file = workDir.resolve(fileName);
        try {
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    private List<String> command(int call, String... args) {
        Path cacheDir = workDir.resolve("cache-" + call);
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.add("--server");
        command.add(serverUrl);
        command.add("--cache-dir");
        command.add(cacheDir.toString());
        command.addAll(List.of(args));
        return command;
    }

    private ProcessBuilder builder(List<String> command, Path out, Path err) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        // A path that does not exist: client-go then loads no kubeconfig at all, not even ~/.kube/config.
        env.put("KUBECONFIG", workDir.resolve("no-kubeconfig").toString());
        env.remove("KUBECTL_OPENAPIV3_PATCH");
        env.remove("KUBECTL_EXTERNAL_DIFF");
        return builder;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
