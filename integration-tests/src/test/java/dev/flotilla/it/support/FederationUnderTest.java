package dev.flotilla.it.support;

import dev.flotilla.agent.AgentConfig;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.demo.local.MemberFederation;
import dev.flotilla.demo.local.MemberSpec;
import dev.flotilla.simulator.SimulatedClusterConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.flotilla.it.support.FederationChecks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The setup the end-to-end tests share: a fresh work folder, {@code ./flotilla server} on its {@code data} folder
 * (log {@code server.log}), the newest kubectl pointed at it, and simulated members with their agents under
 * {@code members/}, talking to it directly. {@link #close()} stops the members before the server and deletes the
 * server's data; logs and kubeconfigs stay for a failed test to be read.
 */
public final class FederationUnderTest implements AutoCloseable {

    private final Path workDir;
    private final List<MemberSpec> specs;
    private ControlPlaneProcess server;
    private Kubectl kubectl;
    private MemberFederation federation;

    private FederationUnderTest(Path workDir, List<MemberSpec> specs) {
        this.workDir = workDir;
        this.specs = List.copyOf(specs);
    }

    /**
     * Starts the server, then the members; if anything fails, what was started is stopped.
     *
     * @param test          names the work folder
     * @param serverOptions extra options for {@code ./flotilla server} (none: the defaults)
     * @param specs         the members
     * @param clusterSetup  adjusts each simulated cluster's configuration
     * @param agentSetup    adjusts each agent's configuration
     */
    public static FederationUnderTest start(Class<?> test, List<String> serverOptions, List<MemberSpec> specs,
            UnaryOperator<SimulatedClusterConfig.Builder> clusterSetup, UnaryOperator<AgentConfig.Builder> agentSetup)
            throws IOException, InterruptedException {
        FederationUnderTest setup = new FederationUnderTest(Workspace.newWorkDir(test.getSimpleName()), specs);
        try {
            setup.server = ControlPlaneProcess.start(setup.workDir.resolve("data"), setup.workDir.resolve("server.log"),
                    Map.of(), serverOptions);
            setup.kubectl = new Kubectl(Kubectl.newestClient(), setup.server.url(), setup.workDir);
            setup.federation = MemberFederation.start(setup.server, setup.workDir.resolve("members"), specs,
                    clusterSetup, agentSetup);
        } catch (IOException | InterruptedException | RuntimeException e) {
            setup.close();
            throw e;
        }
        return setup;
    }

    /** @return the test's work folder (kubectl manifests and caches, the server's data and log, the members) */
    public Path workDir() {
        return workDir;
    }

    /** @return the control plane (the restarted one after {@link #restartServer()}) */
    public ControlPlaneProcess server() {
        return server;
    }

    /** @return kubectl against the control plane, with its own cache in the work folder */
    public Kubectl kubectl() {
        return kubectl;
    }

    /** @return the members and their agents */
    public MemberFederation federation() {
        return federation;
    }

    /** Starts the stopped (e.g. SIGKILLed) server again on its port and data; kubectl and agents find it there. */
    public ControlPlaneProcess restartServer() throws IOException, InterruptedException {
        server = server.restart();
        return server;
    }

    /** Waits until {@code kubectl get clusters} shows every member Ready, each in its zone. */
    public void awaitClustersReady(Duration atMost) {
        await(specs.size() + " Ready clusters in kubectl get clusters").atMost(atMost)
                .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    KubectlTable clusters = KubectlTable.parse(ok(kubectl.run("get", "clusters")).stdout());
                    for (MemberSpec member : specs) {
                        assertThat(clusters.row(member.name())).as(member.name()).containsEntry("READY", "True")
                                .containsEntry("ZONE", member.zone());
                    }
                });
    }

    /** Stops the members (agents first), then the server, and deletes the server's data; safe after a failed start. */
    @Override
    public void close() {
        try {
            if (federation != null) {
                federation.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            Workspace.deleteQuietly(workDir.resolve("data"));
        }
    }
}
