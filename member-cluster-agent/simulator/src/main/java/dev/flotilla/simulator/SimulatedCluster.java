package dev.flotilla.simulator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One simulated member cluster: fabric8's Kubernetes mock API server in CRUD mode on a loopback port, with simulated
 * Nodes, the namespaces {@code default} and {@code kube-system}, and a simulated kubelet and controller manager
 * (Deployments, ReplicaSets, StatefulSets, scheduling within Node capacity, Pod start-up, Service addresses and
 * EndpointSlices). Clients talk to it over HTTP exactly as to a real cluster.
 *
 * <p>Plain Java, no CDI: any number can run in one JVM, each with its own port, store and address ranges.
 * {@link #stop()} makes the API unreachable and is final; start a new cluster to come back.
 *
 * <pre>{@code
 * try (SimulatedCluster cluster = SimulatedCluster.start(SimulatedClusterConfig.builder("eu-1")
 *         .region("eu-west").zone("eu-west-a").build())) {
 *     cluster.writeKubeconfig(Path.of("eu-1.kubeconfig"));
 *     cluster.client().apps().deployments().inNamespace("default").resource(deployment).create();
 * }
 * }</pre>
 */
public final class SimulatedCluster implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SimulatedCluster.class.getName());
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_LOG_RESET = Duration.ofSeconds(30);
    /** Held so the level set on it is not lost when the logger is garbage collected. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        if (MOCK_SERVER_LOG.getLevel() == null) {
            MOCK_SERVER_LOG.setLevel(Level.WARNING); // it logs every request at INFO
        }
    }

    private final SimulatedClusterConfig config;
    private final NetworkPlan network;
    private final KubernetesMockServer server;
    private final String url;
    private final KubernetesClient client;
    private final ControlLoops loops;
    private final List<String> nodeNames;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private SimulatedCluster(SimulatedClusterConfig config, NetworkPlan network, KubernetesMockServer server, KubernetesClient client, ControlLoops loops,
                             List<String> nodeNames) {
        this.config = config;
        this.network = network;
        this.server = server;
        this.url = "http://127.0.0.1:" + server.getPort();
        this.client = client;
        this.loops = loops;
        this.nodeNames = nodeNames;
    }

    /**
     * Starts a cluster and returns once its Nodes and namespaces exist and its control loops are running.
     *
     * @throws IllegalArgumentException if the network index is taken by another cluster of this JVM
     * @throws IllegalStateException if the server cannot listen (say, the port is in use) or does not come up
     */
    public static SimulatedCluster start(SimulatedClusterConfig config) {
        int index = NetworkIndexRegistry.acquire(config.name(),
                config.networkIndex().isPresent() ? config.networkIndex().getAsInt() : null);
        NetworkPlan network = new NetworkPlan(index);
        MockWebServer webServer = new MockWebServer();
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), webServer,
                responses, IndexedCrudDispatcher.mixed(responses), false, versionInfo());
        KubernetesClient client = null;
        ControlLoops loops = null;
        try {
            try {
                server.init(InetAddress.getLoopbackAddress(), config.port());
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot listen on 127.0.0.1:" + config.port()
                        + (config.port() == 0 ? "" : " (is the port in use?)") + ": " + rootMessage(e), e);
            }
            client = new KubernetesClientBuilder().withConfig(clientConfig("http://127.0.0.1:" + server.getPort()))
                    .build();
            ClusterContext ctx = new ClusterContext(client, config, network, Clock.systemUTC());
            Nodes nodes = new Nodes(ctx);
            List<String> nodeNames = nodes.register();
            loops = new ControlLoops(ctx, nodes);
            loops.start(STARTUP_TIMEOUT);
            loops.every(REQUEST_LOG_RESET, webServer::reset); // the mock keeps every request otherwise
            SimulatedCluster cluster = new SimulatedCluster(config, network, server, client, loops, nodeNames);
            LOG.log(System.Logger.Level.INFO, () -> "simulated cluster " + config.name() + " (" + config.region()
                    + "/" + config.zone() + ") ready at " + cluster.url + " with " + nodeNames.size() + " nodes");
            return cluster;
        } catch (RuntimeException e) {
            if (loops != null) {
                loops.close();
            }
            if (client != null) {
                client.close();
            }
            shutdownQuietly(webServer); // also ends the server's Vert.x threads after a failed bind
            NetworkIndexRegistry.release(index);
            throw e;
        }
    }

    private static VersionInfo versionInfo() {
        return new VersionInfo.Builder().withMajor("1").withMinor("33").withGitVersion(Nodes.KUBELET_VERSION)
                .withGitTreeState("clean").withPlatform("linux/amd64").withGoVersion("simulated").build();
    }

    static Config clientConfig(String url) {
        return new ConfigBuilder(Config.empty()).withMasterUrl(url).withNamespace("default")
                .withRequestTimeout(10_000).withConnectionTimeout(5_000).build();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }

    private static void shutdownQuietly(MockWebServer webServer) {
        try {
            webServer.shutdown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "shutting down a mock server that failed to start: " + e);
        }
    }

    /** The cluster's settings. */
    public SimulatedClusterConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public String region() {
        return config.region();
    }

    public String zone() {
        return config.zone();
    }

    /** The API server's URL, {@code http://127.0.0.1:<port>}. */
    public String url() {
        return url;
    }

    public int port() {
        return server.getPort();
    }

    /** The names of the cluster's Nodes, {@code <name>-node-1} .. {@code <name>-node-K}. */
    public List<String> nodeNames() {
        return nodeNames;
    }

    /** The index n of the cluster's address ranges: Pods 10.n.k.x, Services 10.n.192.0/18, load balancers 127.n.0.x. */
    public int networkIndex() {
        return network.index();
    }

    /**
     * A fabric8 client for this cluster, shared and closed by {@link #stop()}. Use {@link #clientConfig()} for a
     * client of your own.
     */
    public KubernetesClient client() {
        return client;
    }

    /** A fabric8 configuration for this cluster (default namespace {@code default}), not read from any file. */
    public Config clientConfig() {
        return clientConfig(url);
    }

    /**
     * A kubeconfig for this cluster: one cluster, user and context, all named like the cluster, with namespace
     * {@code default}. fabric8's {@code Config.fromKubeconfig} and kubectl read it (kubectl mostly cannot talk to
     * the mock server; see the README).
     */
    public String kubeconfig() {
        String name = config.name();
        return "apiVersion: v1\n"
                + "kind: Config\n"
                + "clusters:\n"
                + "- name: \"" + name + "\"\n"
                + "  cluster:\n"
                + "    server: \"" + url + "\"\n"
                + "users:\n"
                + "- name: \"" + name + "-admin\"\n"
                + "  user:\n"
                + "    token: \"simulated\"\n"
                + "contexts:\n"
                + "- name: \"" + name + "\"\n"
                + "  context:\n"
                + "    cluster: \"" + name + "\"\n"
                + "    user: \"" + name + "-admin\"\n"
                + "    namespace: \"default\"\n"
                + "current-context: \"" + name + "\"\n"
                + "preferences: {}\n";
    }

    /**
     * Writes {@link #kubeconfig()} to {@code file} (creating its folder; replacing the file atomically; readable by
     * the owner only where the file system supports it) and returns the file's absolute path.
     */
    public Path writeKubeconfig(Path file) {
        Path target = file.toAbsolutePath();
        try {
            Path folder = target.getParent();
            Files.createDirectories(folder);
            Path temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(temporary, kubeconfig(), StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's permissions apply
                }
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kubeconfig of simulated cluster " + config.name()
                    + " to " + target + ": " + e.getMessage(), e);
        }
        return target;
    }

    /** Whether {@link #stop()} has not been called yet. */
    public boolean isRunning() {
        return !stopped.get();
    }

    /**
     * Stops the control loops, closes {@link #client()} and shuts the API server down: afterwards connections to
     * {@link #url()} are refused. Idempotent; the cluster cannot be started again.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        loops.close();
        client.close();
        try {
            server.destroy();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stopping simulated cluster " + config.name() + ": " + e);
        }
        NetworkIndexRegistry.release(network.index());
        LOG.log(System.Logger.Level.INFO, () -> "simulated cluster " + config.name() + " stopped");
    }

    /** Same as {@link #stop()}. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "SimulatedCluster{" + config.name() + " (" + config.region() + "/" + config.zone() + ") at " + url
                + (isRunning() ? "" : ", stopped") + "}";
    }
}
