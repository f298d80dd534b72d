package dev.flotilla.demo;

import dev.flotilla.agent.Agent;
import dev.flotilla.agent.AgentConfig;
import dev.flotilla.simulator.FaultyLink;
import dev.flotilla.simulator.SimulatedCluster;
import dev.flotilla.simulator.SimulatedClusterConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's member clusters, all in this JVM: for each member of the {@link Layout}, a simulated cluster (fabric8's
 * mock API server plus the simulated kubelet), a {@link FaultyLink} to the control plane, and the member's agent
 * (default settings) talking to the control plane through that link. Cutting a zone's links is a network
 * partition: the members keep running what they were given, only their agents can no longer reach the control
 * plane.
 */
final class MemberFederation implements AutoCloseable {

    /** Two Nodes of 8 CPUs hold 160 replicas of 100m: plenty for the sample app, cheap to simulate. */
    private static final int NODES = 2;

    /** One running member. */
    record Member(Layout.Member place, SimulatedCluster cluster, FaultyLink link, Agent agent,
                  KubernetesClient agentClient, Path kubeconfig) {
    }

    private final Map<String, Member> members = new LinkedHashMap<>();

    private MemberFederation() {
    }

    /**
     * Starts every member and its agent; the agents register in the background with the bootstrap token.
     *
     * @param workDir one folder per member under it, with its kubeconfig and the agent's state
     */
    static MemberFederation start(Layout layout, URI controlPlane, String bootstrapToken, Path workDir) {
        MemberFederation federation = new MemberFederation();
        try {
            for (Layout.Member place : layout.members()) {
                federation.startMember(place, controlPlane, bootstrapToken, workDir.resolve(place.name()));
            }
        } catch (RuntimeException e) {
            federation.close();
            throw e;
        }
        return federation;
    }

    private void startMember(Layout.Member place, URI controlPlane, String token, Path dir) {
        SimulatedCluster cluster = SimulatedCluster.start(SimulatedClusterConfig.builder(place.name())
                .region(place.region()).zone(place.zone()).nodes(NODES).build());
        FaultyLink link = null;
        KubernetesClient agentClient = null;
        try {
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
            link = FaultyLink.to(controlPlane);
            AgentConfig config = AgentConfig.builder(place.name(), link.uri(controlPlane)).bootstrapToken(token)
                    .stateDir(dir.resolve("agent-state")).region(place.region()).zone(place.zone()).build();
            agentClient = agentClient(cluster, config);
            Agent agent = Agent.start(config, agentClient);
            members.put(place.name(), new Member(place, cluster, link, agent, agentClient, kubeconfig));
        } catch (IOException | RuntimeException e) {
            if (agentClient != null) {
                agentClient.close();
            }
            if (link != null) {
                link.close();
            }
            cluster.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open a link to the control plane for " + place.name(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * The agent's own member client, configured as {@code flotilla agent} configures it: one try per call, bounded by
     * the member timeout.
     */
    private static KubernetesClient agentClient(SimulatedCluster cluster, AgentConfig config) {
        Config memberConfig = cluster.clientConfig();
        memberConfig.setRequestRetryBackoffLimit(0);
        memberConfig.setRequestTimeout((int) Math.min(Integer.MAX_VALUE, config.memberRequestTimeout().toMillis()));
        return new KubernetesClientBuilder().withConfig(memberConfig).build();
    }

    /** @return the members, in layout order */
    List<Member> members() {
        return List.copyOf(members.values());
    }

    /** @return the member of that name */
    Member member(String name) {
        Member member = members.get(name);
        if (member == null) {
            throw new IllegalArgumentException("no member " + name);
        }
        return member;
    }

    /** Partitions the named members from the control plane: their links drop every connection and refuse new ones. */
    void cut(List<String> names) {
        names.forEach(name -> member(name).link().cut());
    }

    /** Ends a partition: the links carry new connections again. */
    void restore(List<String> names) {
        names.forEach(name -> member(name).link().restore());
    }

    /** Stops the agents first (so none writes to a member going away), then links, clients and clusters. */
    @Override
    public synchronized void close() {
        List<RuntimeException> failures = new ArrayList<>();
        members.values().forEach(m -> run(m.agent()::close, failures));
        members.values().forEach(m -> run(m.link()::close, failures));
        members.values().forEach(m -> run(m.agentClient()::close, failures));
        members.values().forEach(m -> run(m.cluster()::close, failures));
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
