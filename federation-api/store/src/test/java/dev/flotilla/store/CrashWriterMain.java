package dev.flotilla.store;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashDurabilityTest}: creates objects from several threads as fast as it can and
 * prints {@code ACK <name> <revision>} for each acknowledged create, until it is killed.
 */
public final class CrashWriterMain {

    private CrashWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        DurableObjectStore store = ObjectStores.open(StoreConfig.builder(Path.of(args[0]))
                .clusterName("crash-test")
                .fsyncEachCommit(Boolean.parseBoolean(args[1]))
                .build());
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        out.println("READY");
        out.flush();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (int i = 0; ; i++) {
                    String name = "t" + thread + "-" + i;
                    StoredObject created = store.create(new ObjectKey("apps", "deployments", "crash", name),
                            ("{\"thread\":" + thread + ",\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                    synchronized (out) {
                        out.println("ACK " + name + " " + created.modRevision());
                        out.flush();
                    }
                }
            });
            writer.start();
            threads.add(writer);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
