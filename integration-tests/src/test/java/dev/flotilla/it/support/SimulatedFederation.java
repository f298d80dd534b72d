package dev.flotilla.it.support;

import dev.flotilla.agent.Agent;
import dev.flotilla.agent.AgentConfig;
import dev.flotilla.simulator.SimulatedCluster;
import dev.flotilla.simulator.SimulatedClusterConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Member clusters for a control plane started by {@link FlotillaServer}: for each member, a simulated cluster
 * (fabric8's mock API server plus the simulated kubelet) and its pull-mode agent, both in this JVM, the way the
 * demo runs them. The agents register with the server's bootstrap token. Tests look at a member through a
 * fabric8 client built from that member's kubeconfig file, as a user would with {@code --kubeconfig}.
 *
 * <p>{@link #close()} stops the agents first (so none writes to a member that is going away), then the clients
 * and the clusters.
 */
public final class SimulatedFederation implements AutoCloseable {

    /** One member to start: its name in the federation and where it is. */
    public record MemberSpec(String name, String region, String zone) {
    }

    /** A running member: its simulated cluster, its agent, its kubeconfig and a client built from that file. */
    public record Member(MemberSpec spec, SimulatedCluster cluster, Agent agent, Path kubeconfig,
                         KubernetesClient client) {

        /** @return the member's name in the federation */
        public String name() {
            return spec.name();
        }
    }

    private final Map<String, Member> members = new LinkedHashMap<>();

    private SimulatedFederation() {
    }

    /**
     * Starts every member and its agent. Returns at once after the starts: the agents register in the background,
     * so wait for the Clusters to turn Ready before relying on them.
     *
     * @param server     the control plane; its {@code bootstrap-token} file is read from its data directory
     * @param workDir    where kubeconfigs and agent state go (one folder per member)
     * @param specs      the members
     * @param clusterSetup adjusts each simulated cluster's configuration (nodes, pod start delay, ...)
     * @param agentSetup adjusts each agent's configuration (intervals, ...); name, URL, token, state dir, region
     *                   and zone are already set
     */
    public static SimulatedFederation start(FlotillaServer server, Path workDir, List<MemberSpec> specs,
            UnaryOperator<SimulatedClusterConfig.Builder> clusterSetup, UnaryOperator<AgentConfig.Builder> agentSetup) {
        String token = bootstrapToken(server);
        SimulatedFederation federation = new SimulatedFederation();
        try {
            for (MemberSpec spec : specs) {
                federation.startMember(spec, server.baseUri(), token, workDir.resolve("member-" + spec.name()),
                        clusterSetup, agentSetup);
            }
        } catch (RuntimeException e) {
            federation.close();
            throw e;
        }
        return federation;
    }

    private void startMember(MemberSpec spec, URI controlPlane, String token, Path dir,
            UnaryOperator<SimulatedClusterConfig.Builder> clusterSetup, UnaryOperator<AgentConfig.Builder> agentSetup) {
        SimulatedCluster cluster = SimulatedCluster.start(clusterSetup.apply(
                SimulatedClusterConfig.builder(spec.name()).region(spec.region()).zone(spec.zone())).build());
        KubernetesClient client = null;
        try {
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
            client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                    Files.readString(kubeconfig, StandardCharsets.UTF_8))).build();
            // The agent gets a client of its own: it owns nothing the tests close under it.
            Agent agent = Agent.start(agentSetup.apply(AgentConfig.builder(spec.name(), controlPlane)
                    .bootstrapToken(token).stateDir(dir.resolve("agent-state"))
                    .region(spec.region()).zone(spec.zone())).build(), cluster.client());
            members.put(spec.name(), new Member(spec, cluster, agent, kubeconfig, client));
        } catch (IOException | RuntimeException e) {
            if (client != null) {
                client.close();
            }
            cluster.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read the kubeconfig of " + spec.name(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static String bootstrapToken(FlotillaServer server) {
        Path file = server.dataDir().resolve("bootstrap-token");
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the server wrote no bootstrap token at " + file, e);
        }
    }

    /** @return the members in the order they were given */
    public List<Member> members() {
        return List.copyOf(members.values());
    }

    /** @return the member of that name */
    public Member member(String name) {
        Member member = members.get(name);
        if (member == null) {
            throw new IllegalArgumentException("no member named " + name + "; members: " + members.keySet());
        }
        return member;
    }

    /** Stops every agent, then every client and simulated cluster; safe to call more than once. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Member member : members.values()) {
            run(member.agent()::close, failures);
        }
        for (Member member : members.values()) {
            run(member.client()::close, failures);
            run(member.cluster()::close, failures);
        }
        members.clear();
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private static void run(Runnable step, List<RuntimeException> failures) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }
}
