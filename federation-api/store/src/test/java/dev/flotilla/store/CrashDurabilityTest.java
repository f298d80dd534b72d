package dev.flotilla.store;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An acknowledged write survives {@code kill -9}: a child JVM creates objects and prints each acknowledgement;
 * it is killed with SIGKILL mid-run; the reopened store holds every acknowledged object.
 */
class CrashDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 400;

    @ParameterizedTest(name = "fsyncEachCommit={0}")
    @ValueSource(booleans = {true, false})
    void everyAcknowledgedCreateSurvivesSigkill(boolean fsyncEachCommit, @TempDir Path dir) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-")) {
                command.add(argument);
            }
        }
        command.add("-Dhazelcast.phone.home.enabled=false");
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashWriterMain.class.getName());
        command.add(dir.toString());
        command.add(Boolean.toString(fsyncEachCommit));
        Process child = new ProcessBuilder(command)
                .redirectError(dir.resolve("child-stderr.log").toFile())
                .start();

        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        String[] parts = line.split(" ");
                        acknowledged.put(parts[1], Long.parseLong(parts[2]));
                        enough.countDown();
                    }
                }
            } catch (Exception ignored) {
                // the child was killed mid-line
            }
        });
        reader.start();
        try {
            assertThat(enough.await(60, TimeUnit.SECONDS))
                    .as("child acknowledged %d creates (stderr in %s)", acknowledged.size(), dir)
                    .isTrue();
        } finally {
            child.destroyForcibly();
            child.waitFor(20, TimeUnit.SECONDS);
            reader.join(5_000);
        }
        assertThat(child.isAlive()).isFalse();

        try (DurableObjectStore store = StoreFixtures.open(dir)) {
            long maxAcked = 0;
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                StoredObject object = store.get(new ObjectKey("apps", "deployments", "crash", ack.getKey()))
                        .orElseThrow(() -> new AssertionError("acknowledged object lost: " + ack.getKey()));
                assertThat(object.modRevision()).isEqualTo(ack.getValue());
                maxAcked = Math.max(maxAcked, ack.getValue());
            }
            assertThat(store.currentRevision()).isGreaterThanOrEqualTo(maxAcked);
            StoredObject next = store.create(new ObjectKey("apps", "deployments", "crash", "after"), new byte[] {'{', '}'});
            assertThat(next.modRevision()).isGreaterThan(maxAcked);
        }
    }
}
