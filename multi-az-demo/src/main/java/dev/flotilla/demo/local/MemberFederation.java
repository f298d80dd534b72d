package dev.flotilla.demo.local;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Member clusters for a {@link ControlPlaneProcess}, all in this JVM: for each member, a simulated cluster
 * (fabric8's mock API server plus the simulated kubelet) and its pull-mode agent, registering with the server's
 * bootstrap token. The agent reaches the control plane directly or, with {@link AgentRoute#THROUGH_LINK}, through
 * a {@link FaultyLink} of its own: cutting a member's link is a network partition (the member keeps running what it
 * was given, only its agent can no longer reach the control plane).
 *
 * <p>Each member gets a folder {@code workDir/<name>} with its {@code kubeconfig} and the agent's state; its
 * {@link Member#client()} is built from that file, as a user would with {@code --kubeconfig}. Used by
 * {@code ./flotilla demo} and the integration tests.
 *
 * <p>{@link #close()} stops the agents first (so none writes to a member that is going away), then the links,
 * the clients and the clusters.
 */
public final class MemberFederation implements AutoCloseable {

    /** How an agent reaches the control plane. */
    public enum AgentRoute {
        /** Straight to the control plane's port. */
        DIRECT,
        /** Through a {@link FaultyLink} per member, which the caller can cut, restore or stall. */
        THROUGH_LINK
    }

    /** A running member: its simulated cluster, agent, link (null if direct), kubeconfig and a client from it. */
    public record Member(MemberSpec spec, SimulatedCluster cluster, Agent agent, FaultyLink link, Path kubeconfig,
                         KubernetesClient client) {

        /** @return the member's name in the federation */
        public String name() {
            return spec.name();
        }
    }

    private final Map<String, Member> members = new LinkedHashMap<>();
    /** The agents' member clients: theirs alone (nothing a caller closes under them), closed after the agents. */
    private final List<KubernetesClient> agentClients = new CopyOnWriteArrayList<>();
    private final URI controlPlane;
    private final String bootstrapToken;
    private final Path workDir;
    private final AgentRoute route;

    private MemberFederation(URI controlPlane, String bootstrapToken, Path workDir, AgentRoute route) {
        this.controlPlane = controlPlane;
        this.bootstrapToken = bootstrapToken;
        this.workDir = workDir;
        this.route = route;
    }

    /** As {@link #start(ControlPlaneProcess, Path, List, UnaryOperator, UnaryOperator, AgentRoute)}, direct. */
    public static MemberFederation start(ControlPlaneProcess server, Path workDir, List<MemberSpec> specs,
            UnaryOperator<SimulatedClusterConfig.Builder> clusterSetup, UnaryOperator<AgentConfig.Builder> agentSetup) {
        return start(server, workDir, specs, clusterSetup, agentSetup, AgentRoute.DIRECT);
    }

    /**
     * Starts every member and its agent. Returns at once after the starts: the agents register in the background,
     * so wait for the Clusters to turn Ready before relying on them. If one member does not start, those started
     * are stopped.
     *
     * @param server       the control plane; its bootstrap token is read from its data directory
     * @param workDir      one folder per member under it
     * @param specs        the members
     * @param clusterSetup adjusts each simulated cluster's configuration (nodes, pod start delay, ...)
     * @param agentSetup   adjusts each agent's configuration (intervals, ...); name, URL, token, state dir, region
     *                     and zone are already set
     * @param route        how the agents reach the control plane
     */
    public static MemberFederation start(ControlPlaneProcess server, Path workDir, List<MemberSpec> specs,
            UnaryOperator<SimulatedClusterConfig.Builder> clusterSetup, UnaryOperator<AgentConfig.Builder> agentSetup,
            AgentRoute route) {
        MemberFederation federation = new MemberFederation(server.baseUri(), server.bootstrapTokenOrFail(), workDir,
                route);
        try {
            for (MemberSpec spec : specs) {
                federation.add(spec, clusterSetup, agentSetup);
            }
        } catch (RuntimeException e) {
            federation.close();
            throw e;
        }
        return federation;
    }

    /**
     * Adds a member (a new simulated cluster and its agent, routed as the others) to the running federation.
     *
     * @return the member; its agent registers in the background
     */
    public synchronized Member add(MemberSpec spec, UnaryOperator<SimulatedClusterConfig.Builder> clusterSetup,
                                   UnaryOperator<AgentConfig.Builder> agentSetup) {
        if (members.containsKey(spec.name())) {
            throw new IllegalArgumentException("a member named " + spec.name() + " exists already");
        }
        Path dir = workDir.resolve(spec.name());
        SimulatedCluster cluster = SimulatedCluster.start(clusterSetup.apply(
                SimulatedClusterConfig.builder(spec.name()).region(spec.region()).zone(spec.zone())).build());
        KubernetesClient client = null;
        FaultyLink link = null;
        try {
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
            client = clientFrom(kubeconfig, spec);
            link = route == AgentRoute.THROUGH_LINK ? openLink(spec) : null;
            URI via = link == null ? controlPlane : link.uri(controlPlane);
            Agent agent = startAgent(spec, cluster, via, agentSetup);
            Member member = new Member(spec, cluster, agent, link, kubeconfig, client);
            members.put(spec.name(), member);
            return member;
        } catch (RuntimeException e) {
            if (link != null) {
                link.close();
            }
            if (client != null) {
                client.close();
            }
            cluster.close();
            throw e;
        }
    }

    private static KubernetesClient clientFrom(Path kubeconfig, MemberSpec spec) {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                    Files.readString(kubeconfig, StandardCharsets.UTF_8))).build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kubeconfig of " + spec.name(), e);
        }
    }

    private FaultyLink openLink(MemberSpec spec) {
        try {
            return FaultyLink.to(controlPlane);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a link to the control plane for " + spec.name(), e);
        }
    }

    private Agent startAgent(MemberSpec spec, SimulatedCluster cluster, URI via,
                             UnaryOperator<AgentConfig.Builder> agentSetup) {
        AgentConfig config = agentSetup.apply(AgentConfig.builder(spec.name(), via).bootstrapToken(bootstrapToken)
                .stateDir(workDir.resolve(spec.name()).resolve("agent-state"))
                .region(spec.region()).zone(spec.zone())).build();
        return Agent.start(config, agentClient(cluster, config));
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

    /** @return the members, in the order they were added */
    public synchronized List<Member> members() {
        return List.copyOf(members.values());
    }

    /** @return the member of that name */
    public synchronized Member member(String name) {
        Member member = members.get(name);
        if (member == null) {
            throw new IllegalArgumentException("no member named " + name + "; members: " + members.keySet());
        }
        return member;
    }

    /** Partitions the named members from the control plane: their links drop every connection and refuse new ones. */
    public void cut(List<String> names) {
        names.forEach(name -> linkOf(name).cut());
    }

    /** Ends a partition: the links carry new connections again. */
    public void restore(List<String> names) {
        names.forEach(name -> linkOf(name).restore());
    }

    private FaultyLink linkOf(String name) {
        FaultyLink link = member(name).link();
        if (link == null) {
            throw new IllegalStateException("member " + name + " has no link to cut or restore: its agent was "
                    + "started with AgentRoute." + AgentRoute.DIRECT);
        }
        return link;
    }

    /**
     * Replaces a member's agent with a new one configured by {@code agentSetup} (same name, token, state directory,
     * region and zone, so it carries on as the same registered member), routed as the old one: through the member's
     * link if it has one, else directly.
     *
     * @return the member with its new agent
     */
    public Member restartAgent(String name, UnaryOperator<AgentConfig.Builder> agentSetup) {
        FaultyLink link = member(name).link();
        return restartAgent(name, link == null ? controlPlane : link.uri(controlPlane), agentSetup);
    }

    /**
     * Replaces a member's agent (see {@link #restartAgent(String, UnaryOperator)}) with one that reaches the control
     * plane at {@code via}, e.g. through a {@link FaultyLink} of the caller's. The old agent is stopped first (if
     * it still runs).
     *
     * @return the member with its new agent
     */
    public synchronized Member restartAgent(String name, URI via, UnaryOperator<AgentConfig.Builder> agentSetup) {
        Member old = member(name);
        old.agent().close();
        Agent agent = startAgent(old.spec(), old.cluster(), via, agentSetup);
        Member restarted = new Member(old.spec(), old.cluster(), agent, old.link(), old.kubeconfig(), old.client());
        members.put(name, restarted);
        return restarted;
    }

    /**
     * Replaces a member's agent (see {@link #restartAgent(String, UnaryOperator)}) with one that reaches the control
     * plane through a {@link FaultyLink} of the member's own, opened now unless it has one, and closed with the
     * federation: to partition or stall one member of a federation started {@link AgentRoute#DIRECT}.
     *
     * @return the member with its new agent and its link
     */
    public synchronized Member restartAgentThroughLink(String name, UnaryOperator<AgentConfig.Builder> agentSetup) {
        Member old = member(name);
        FaultyLink link = old.link() != null ? old.link() : openLink(old.spec());
        members.put(name, new Member(old.spec(), old.cluster(), old.agent(), link, old.kubeconfig(), old.client()));
        return restartAgent(name, link.uri(controlPlane), agentSetup);
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

    /** Stops every agent, then every link, client and simulated cluster; safe to call more than once. */
    @Override
    public synchronized void close() {
        List<RuntimeException> failures = new ArrayList<>();
        members.values().forEach(m -> run(m.agent()::close, failures));
        members.values().stream().filter(m -> m.link() != null).forEach(m -> run(m.link()::close, failures));
        agentClients.forEach(client -> run(client::close, failures));
        agentClients.clear();
        members.values().forEach(m -> run(m.client()::close, failures));
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
