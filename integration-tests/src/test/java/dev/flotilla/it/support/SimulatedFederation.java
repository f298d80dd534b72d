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
    /** The agents' member clients: theirs alone (nothing a test closes under them), closed after the agents. */
    private final List<KubernetesClient> agentClients = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final URI controlPlane;
    private final String bootstrapToken;
    private final Path workDir;

    private SimulatedFederation(URI controlPlane, String bootstrapToken, Path workDir) {
        this.controlPlane = controlPlane;
        this.bootstrapToken = bootstrapToken;
        this.workDir = workDir;
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
        SimulatedFederation federation = new SimulatedFederation(server.baseUri(), token, workDir);
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
            AgentConfig config = agentSetup.apply(AgentConfig.builder(spec.name(), controlPlane)
                    .bootstrapToken(token).stateDir(dir.resolve("agent-state"))
                    .region(spec.region()).zone(spec.zone())).build();
            Agent agent = Agent.start(config, agentClient(cluster, config));
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

    /**
     * A member client configured as {@code flotilla agent} configures its own: one try per call, bounded by the
     * member timeout (the client's default retries with backoff would stretch one refused probe to ~20 s). Stopping
     * the simulated cluster does not close it: the agent's calls are then refused, as in a real outage.
     */
    private KubernetesClient agentClient(SimulatedCluster cluster, AgentConfig config) {
        Config memberConfig = cluster.clientConfig();
        memberConfig.setRequestRetryBackoffLimit(0);
        memberConfig.setRequestTimeout((int) Math.min(Integer.MAX_VALUE, config.memberRequestTimeout().toMillis()));
        KubernetesClient client = new KubernetesClientBuilder().withConfig(memberConfig).build();
        agentClients.add(client);
        return client;
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

    /**
     * Replaces a member's agent with a new one configured by {@code agentSetup} (same name, token, state directory,
     * region and zone, so it carries on as the same registered member), talking to the control plane directly.
     *
     * @return the member with its new agent
     */
    public Member restartAgent(String name, UnaryOperator<AgentConfig.Builder> agentSetup) {
        return restartAgent(name, controlPlane, agentSetup);
    }

    /**
     * Replaces a member's agent (see {@link #restartAgent(String, UnaryOperator)}) with one that reaches the control
     * plane at {@code via}, e.g. through a {@link dev.flotilla.simulator.FaultyLink}. The old agent is stopped first (if it still runs).
     *
     * @return the member with its new agent
     */
    public Member restartAgent(String name, URI via, UnaryOperator<AgentConfig.Builder> agentSetup) {
        Member old = member(name);
        old.agent().close();
        MemberSpec spec = old.spec();
        AgentConfig config = agentSetup.apply(AgentConfig.builder(spec.name(), via)
                .bootstrapToken(bootstrapToken).stateDir(workDir.resolve("member-" + spec.name()).resolve("agent-state"))
                .region(spec.region()).zone(spec.zone())).build();
        Agent agent = Agent.start(config, agentClient(old.cluster(), config));
        Member restarted = new Member(spec, old.cluster(), agent, old.kubeconfig(), old.client());
        members.put(name, restarted);
        return restarted;
    }

    /**
     * Adds a member (a new simulated cluster and its agent) to the running federation.
     *
     * @return the member; its agent registers in the background
     */
    public Member add(MemberSpec spec, UnaryOperator<SimulatedClusterConfig.Builder> clusterSetup,
                      UnaryOperator<AgentConfig.Builder> agentSetup) {
        if (members.containsKey(spec.name())) {
            throw new IllegalArgumentException("a member named " + spec.name() + " exists already");
        }
        startMember(spec, controlPlane, bootstrapToken, workDir.resolve("member-" + spec.name()), clusterSetup,
                agentSetup);
        return members.get(spec.name());
    }

    /** The agent stops as if its process died; its member cluster keeps running what it was given. */
    public void stopAgent(String name) {
        member(name).agent().close();
    }

    /** The member is lost: its agent stops and its simulated cluster goes away (its API refuses connections). */
    public void stopMember(String name) {
        Member member = member(name);
        member.agent().close();
        member.cluster().close();
    }

    /** Stops every agent, then every client and simulated cluster; safe to call more than once. */
    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        for (Member member : members.values()) {
            run(member.agent()::close, failures);
        }
        agentClients.forEach(client -> run(client::close, failures));
        agentClients.clear();
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
