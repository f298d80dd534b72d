package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated Nodes (registered as kubelets register theirs, with capacity, zone labels and a Ready
 * condition) and the cluster's namespaces. A Node of this cluster whose status was lost (a plain update wipes
 * it on the mock) gets it back; a namespace without a phase becomes Active.
 */
final class Nodes {

    static final String HOSTNAME_LABEL = "kubernetes.io/hostname";
    static final String REGION_LABEL = "topology.kubernetes.io/region";
    static final String ZONE_LABEL = "topology.kubernetes.io/zone";
    static final String KUBELET_VERSION = "v1.33.0";
    static final List<String> NAMESPACES = List.of("default", "kube-system");

    private final ClusterContext ctx;
    private final Instant registeredAt;

    Nodes(ClusterContext ctx) {
        this.ctx = ctx;
        this.registeredAt = ctx.clock.instant();
    }

    static String nodeName(String clusterName, int number) {
        return clusterName + "-node-" + number;
    }

    /** Creates the namespaces and the Nodes with their status; called once before the control loops start. */
    List<String> register() {
        for (String namespace : NAMESPACES) {
            ctx.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                    .endMetadata().build()).createOr(NonDeletingOperation::update);
            reconcileNamespace(new ObjectKey(ObjectKey.Kind.NAMESPACE, "", namespace));
        }
        List<String> names = new ArrayList<>();
        for (int number = 1; number <= ctx.config.nodes(); number++) {
            String name = nodeName(ctx.config.name(), number);
            ctx.nodeNumbers.put(name, number);
            Node node = new NodeBuilder()
                    .withNewMetadata().withName(name).withLabels(labels(name)).endMetadata()
                    .withNewSpec()
                    .withPodCIDR(ctx.network.podCidr(number))
                    .withPodCIDRs(ctx.network.podCidr(number))
                    .withProviderID("simulated://" + ctx.config.name() + "/" + name)
                    .endSpec()
                    .build();
            Node created = ctx.client.nodes().resource(node).createOr(NonDeletingOperation::update);
            writeStatus(created, number);
            names.add(name);
        }
        return names;
    }

    private Map<String, String> labels(String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/os", "linux");
        labels.put(HOSTNAME_LABEL, name);
        labels.put(REGION_LABEL, ctx.config.region());
        labels.put(ZONE_LABEL, ctx.config.zone());
        labels.put("node.kubernetes.io/instance-type", "simulated");
        return labels;
    }

    /** Restores the status of one of this cluster's Nodes if it went missing. */
    Duration reconcileNode(ObjectKey key) {
        Integer number = ctx.nodeNumbers.get(key.name());
        if (number == null) {
            return null; // a Node someone else added: theirs to describe
        }
        Node node = ctx.client.nodes().withName(key.name()).get();
        if (node != null && (node.getStatus() == null || node.getStatus().getAllocatable() == null
                || node.getStatus().getAllocatable().isEmpty())) {
            writeStatus(node, number);
        }
        ctx.queue.add(ObjectKey.SCHEDULER); // capacity or schedulability may have changed
        return null;
    }

    private void writeStatus(Node node, int number) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", ctx.config.nodeCpu());
        capacity.put("memory", ctx.config.nodeMemory());
        capacity.put("pods", new Quantity(Integer.toString(ctx.config.nodePods())));
        capacity.put("ephemeral-storage", new Quantity("100Gi"));
        String since = Meta.timestamp(registeredAt);
        List<NodeCondition> conditions = List.of(
                nodeCondition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                        "kubelet has sufficient memory available", since),
                nodeCondition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                        since),
                nodeCondition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                        since),
                nodeCondition("Ready", "True", "KubeletReady", "kubelet is posting ready status", since));
        NodeStatus status = new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(new LinkedHashMap<>(capacity))
                .withConditions(conditions)
                .addNewAddress().withType("InternalIP").withAddress(ctx.network.nodeAddress(number)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(node.getMetadata().getName()).endAddress()
                .withNewNodeInfo()
                .withArchitecture("amd64").withOperatingSystem("linux")
                .withKubeletVersion(KUBELET_VERSION).withKubeProxyVersion(KUBELET_VERSION)
                .withContainerRuntimeVersion("simulated://1.0")
                .withOsImage("Flotilla simulated node").withKernelVersion("simulated")
                .withMachineID(node.getMetadata().getName()).withSystemUUID(node.getMetadata().getName())
                .withBootID(node.getMetadata().getName())
                .endNodeInfo()
                .build();
        ctx.client.nodes().resource(new NodeBuilder(node).withStatus(status).build()).updateStatus();
    }

    private static NodeCondition nodeCondition(String type, String status, String reason, String message,
                                               String since) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(since).withLastTransitionTime(since).build();
    }

    Duration reconcileNamespace(ObjectKey key) {
        Namespace namespace = ctx.client.namespaces().withName(key.name()).get();
        if (namespace == null || namespace.getStatus() != null && namespace.getStatus().getPhase() != null) {
            return null;
        }
        // The mock answers 404 to the status subresource of cluster-scoped kinds; a JSON patch of the object
        // (which nothing else writes) sets it instead.
        ctx.client.namespaces().withName(key.name()).edit(current -> new NamespaceBuilder(current)
                .withStatus(new NamespaceStatusBuilder().withPhase("Active").build()).build());
        return null;
    }
}
