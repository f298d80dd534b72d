package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The scheduler and the kubelet of the simulated cluster. The scheduler binds each unscheduled Pod to a Node that
 * has room for its requests (or marks it {@code PodScheduled=False}, reason {@code Unschedulable}); the kubelet
 * makes a bound Pod Running and Ready once the start delay has passed since it was scheduled, with an address
 * from its Node's Pod range. No containers run: the statuses are what a healthy kubelet would report.
 */
final class PodLifecycle {

    static final String DEFAULT_SCHEDULER = "default-scheduler";
    private static final Duration RETRY_UNSCHEDULABLE = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(PodLifecycle.class.getName());

    private final ClusterContext ctx;

    PodLifecycle(ClusterContext ctx) {
        this.ctx = ctx;
    }

    // ---------------------------------------------------------------------------------------------- scheduler

    /** One scheduling pass over every unscheduled Pod, oldest first. */
    Duration schedulePending() {
        List<Node> nodes = ctx.client.nodes().list().getItems();
        List<Pod> pods = ctx.client.pods().inAnyNamespace().list().getItems();
        Map<String, Scheduling.NodeView> views = new LinkedHashMap<>();
        for (Node node : nodes) {
            views.put(node.getMetadata().getName(), viewOf(node));
        }
        List<Pod> pending = new ArrayList<>();
        for (Pod pod : pods) {
            if (isFinished(pod)) {
                continue;
            }
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (nodeName != null && !nodeName.isEmpty()) {
                views.computeIfPresent(nodeName, (name, view) -> view.withPod(Resources.requestsOf(pod.getSpec())));
            } else if (!Meta.isTerminating(pod) && isOurs(pod)) {
                pending.add(pod);
            }
        }
        pending.sort(Comparator.comparing((Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp()))
                .thenComparing(pod -> pod.getMetadata().getName()));

        boolean anyUnschedulable = false;
        for (Pod pod : pending) {
            Resources requests = Resources.requestsOf(pod.getSpec());
            Scheduling.Decision decision = Scheduling.place(requests, pod.getSpec().getNodeSelector(),
                    List.copyOf(views.values()));
            if (decision.placed()) {
                if (bind(pod, decision.nodeName())) {
                    views.computeIfPresent(decision.nodeName(), (name, view) -> view.withPod(requests));
                }
            } else {
                anyUnschedulable = true;
                writeStatus(pod, unschedulableStatus(pod, decision.unschedulableMessage()));
            }
        }
        return anyUnschedulable ? RETRY_UNSCHEDULABLE : null;
    }

    private Scheduling.NodeView viewOf(Node node) {
        Map<String, Quantity> allocatable = node.getStatus() == null ? null : node.getStatus().getAllocatable();
        boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        long cpu = allocatable == null ? 0 : Resources.cpuMillis(allocatable.get("cpu"));
        long memory = allocatable == null ? 0 : Resources.bytes(allocatable.get("memory"));
        int pods = allocatable == null || allocatable.get("pods") == null ? 0
                : Quantity.getAmountInBytes(allocatable.get("pods")).intValue();
        Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
        return new Scheduling.NodeView(node.getMetadata().getName(), labels, ready && !cordoned,
                new Resources(cpu, memory), pods, Resources.NONE, 0);
    }

    private static boolean isOurs(Pod pod) {
        String scheduler = pod.getSpec().getSchedulerName();
        return scheduler == null || scheduler.isEmpty() || DEFAULT_SCHEDULER.equals(scheduler);
    }

    private boolean bind(Pod pod, String nodeName) {
        String namespace = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            ctx.client.pods().inNamespace(namespace).withName(name)
                    .edit(current -> new PodBuilder(current).editSpec().withNodeName(nodeName).endSpec().build());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false; // deleted meanwhile
            }
            throw e;
        }
        ctx.scheduledAt.put(namespace + "/" + name, ctx.clock.instant());
        LOG.log(System.Logger.Level.DEBUG, () -> "scheduled pod " + namespace + "/" + name + " on " + nodeName);
        ctx.queue.add(new ObjectKey(ObjectKey.Kind.POD, namespace, name));
        return true;
    }

    private PodStatus unschedulableStatus(Pod pod, String message) {
        PodCondition scheduled = condition(pod, "PodScheduled", "False", "Unschedulable", message, ctx.clock.instant());
        return new PodStatusBuilder().withPhase("Pending").withConditions(scheduled).withQosClass(qosClass(pod))
                .build();
    }

    // ------------------------------------------------------------------------------------------------ kubelet

    /** Brings one Pod's status to what its Node's kubelet would report now. */
    Duration reconcilePod(ObjectKey key) {
        String podKey = key.namespace() + "/" + key.name();
        Pod pod = ctx.client.pods().inNamespace(key.namespace()).withName(key.name()).get();
        if (pod == null) {
            forget(podKey);
            ctx.queue.add(ObjectKey.SCHEDULER); // its room is free again
            return null;
        }
        if (Meta.isTerminating(pod) || isFinished(pod)) {
            return null;
        }
        Optional<OwnerReference> owner = Meta.controllerOf(pod);
        if (owner.isPresent() && ownerIsGone(pod, owner.get())) {
            LOG.log(System.Logger.Level.DEBUG, () -> "deleting pod " + podKey + ": its " + owner.get().getKind()
                    + " " + owner.get().getName() + " is gone");
            delete(pod);
            return null;
        }
        String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
            ctx.queue.add(ObjectKey.SCHEDULER);
            return null;
        }
        Node node = ClusterContext.cached(ctx.nodes, "", nodeName);
        if (node == null) {
            node = ctx.client.nodes().withName(nodeName).get();
        }
        if (node == null) {
            // As Kubernetes' Pod garbage collector does: a Pod bound to a Node that does not exist is removed.
            LOG.log(System.Logger.Level.INFO, () -> "deleting pod " + podKey + ": node " + nodeName + " does not exist");
            delete(pod);
            return null;
        }
        Instant scheduled = ctx.scheduledAt.computeIfAbsent(podKey, k -> scheduledTimeOf(pod));
        Instant readyAt = scheduled.plus(ctx.config.podStartDelay());
        Instant now = ctx.clock.instant();
        if (now.isBefore(readyAt)) {
            writeStatus(pod, startingStatus(pod, node, scheduled));
            return Duration.between(now, readyAt).plusMillis(5);
        }
        writeStatus(pod, runningStatus(pod, node, scheduled, readyAt));
        return null;
    }

    private boolean ownerIsGone(Pod pod, OwnerReference owner) {
        String namespace = pod.getMetadata().getNamespace();
        io.fabric8.kubernetes.api.model.HasMetadata current;
        if ("ReplicaSet".equals(owner.getKind())) {
            current = ctx.client.apps().replicaSets().inNamespace(namespace).withName(owner.getName()).get();
        } else if ("StatefulSet".equals(owner.getKind())) {
            current = ctx.client.apps().statefulSets().inNamespace(namespace).withName(owner.getName()).get();
        } else {
            return false; // owners this simulation does not run (Jobs, DaemonSets...) are left alone
        }
        return current == null || !current.getMetadata().getUid().equals(owner.getUid());
    }

    private void delete(Pod pod) {
        ctx.client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                .delete();
    }

    private void forget(String podKey) {
        ctx.scheduledAt.remove(podKey);
        ctx.podAddresses.values().forEach(pool -> pool.release(podKey));
    }

    private Instant scheduledTimeOf(Pod pod) {
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition condition : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(condition.getType()) && "True".equals(condition.getStatus())) {
                    Instant at = Meta.parseTimestamp(condition.getLastTransitionTime());
                    if (at != null) {
                        return at;
                    }
                }
            }
        }
        return ctx.clock.instant(); // bound by its creator, not by our scheduler: it starts now
    }

    private PodStatus startingStatus(Pod pod, Node node, Instant scheduled) {
        List<String> containers = containerNames(pod);
        String notReady = "containers with unready status: [" + String.join(" ", containers) + "]";
        List<PodCondition> conditions = List.of(
                condition("PodReadyToStartContainers", "False", null, null, scheduled),
                condition("Initialized", "True", null, null, scheduled),
                condition("Ready", "False", "ContainersNotReady", notReady, scheduled),
                condition("ContainersReady", "False", "ContainersNotReady", notReady, scheduled),
                condition("PodScheduled", "True", null, null, scheduled));
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            statuses.add(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withImageID("").withReady(false).withStarted(false).withRestartCount(0)
                    .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState()
                    .build());
        }
        String hostIp = nodeAddress(node);
        return new PodStatusBuilder().withPhase("Pending").withConditions(conditions)
                .withHostIP(hostIp).withHostIPs(new HostIP(hostIp))
                .withStartTime(Meta.timestamp(scheduled)).withContainerStatuses(statuses)
                .withQosClass(qosClass(pod)).build();
    }

    private PodStatus runningStatus(Pod pod, Node node, Instant scheduled, Instant readyAt) {
        String podIp = podAddress(pod, node);
        List<PodCondition> conditions = List.of(
                condition("PodReadyToStartContainers", "True", null, null, readyAt),
                condition("Initialized", "True", null, null, scheduled),
                condition("Ready", "True", null, null, readyAt),
                condition("ContainersReady", "True", null, null, readyAt),
                condition("PodScheduled", "True", null, null, scheduled));
        List<ContainerStatus> statuses = new ArrayList<>();
        for (Container container : pod.getSpec().getContainers()) {
            statuses.add(new ContainerStatusBuilder().withName(container.getName()).withImage(container.getImage())
                    .withImageID("simulated://" + container.getImage())
                    .withContainerID("simulated://" + pod.getMetadata().getUid() + "/" + container.getName())
                    .withReady(true).withStarted(true).withRestartCount(0)
                    .withNewState().withNewRunning().withStartedAt(Meta.timestamp(readyAt)).endRunning().endState()
                    .build());
        }
        String hostIp = nodeAddress(node);
        return new PodStatusBuilder().withPhase("Running").withConditions(conditions)
                .withHostIP(hostIp).withHostIPs(new HostIP(hostIp))
                .withPodIP(podIp).withPodIPs(new PodIP(podIp))
                .withStartTime(Meta.timestamp(scheduled)).withContainerStatuses(statuses)
                .withQosClass(qosClass(pod)).build();
    }

    /** The Pod's address: the one it already has if it is ours, else the lowest free one on its Node. */
    private String podAddress(Pod pod, Node node) {
        String podKey = Meta.key(pod);
        String nodeName = node.getMetadata().getName();
        Integer nodeNumber = ctx.nodeNumbers.get(nodeName);
        AddressPool pool = ctx.podPool(nodeName);
        String current = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        int[] parsed = ctx.network.parsePodAddress(current);
        if (parsed != null && nodeNumber != null && parsed[0] == nodeNumber && pool.reserve(podKey, parsed[1])) {
            return current;
        }
        if (nodeNumber == null) {
            // A Node added by hand: give it a range after ours.
            nodeNumber = ctx.nodeNumbers.computeIfAbsent(nodeName, n -> ctx.nodeNumbers.size() + 1);
        }
        return ctx.network.podAddress(nodeNumber, pool.allocate(podKey));
    }

    private static String nodeAddress(Node node) {
        if (node.getStatus() != null && node.getStatus().getAddresses() != null) {
            for (NodeAddress address : node.getStatus().getAddresses()) {
                if ("InternalIP".equals(address.getType())) {
                    return address.getAddress();
                }
            }
        }
        return null;
    }

    private void writeStatus(Pod pod, PodStatus desired) {
        if (Meta.sameContent(pod.getStatus(), desired)) {
            return;
        }
        Pod updated = new PodBuilder(pod).withStatus(desired).build();
        try {
            ctx.client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** A condition that keeps its old transition time when its status did not change. */
    private static PodCondition condition(Pod pod, String type, String status, String reason, String message,
                                          Instant now) {
        String transition = Meta.timestamp(now);
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (PodCondition old : pod.getStatus().getConditions()) {
                if (type.equals(old.getType()) && status.equals(old.getStatus()) && old.getLastTransitionTime() != null) {
                    transition = old.getLastTransitionTime();
                }
            }
        }
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(transition).build();
    }

    private static PodCondition condition(String type, String status, String reason, String message, Instant at) {
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(Meta.timestamp(at)).build();
    }

    private static List<String> containerNames(Pod pod) {
        return pod.getSpec().getContainers().stream().map(Container::getName).collect(Collectors.toList());
    }

    static boolean isFinished(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** Guaranteed, Burstable or BestEffort, by the rules of Kubernetes' QoS classes. */
    static String qosClass(Pod pod) {
        boolean any = false;
        boolean guaranteed = true;
        for (Container container : pod.getSpec().getContainers()) {
            ResourceRequirements resources = container.getResources();
            Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of()
                    : resources.getRequests();
            Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of()
                    : resources.getLimits();
            any |= !requests.isEmpty() || !limits.isEmpty();
            for (String resource : List.of("cpu", "memory")) {
                Quantity limit = limits.get(resource);
                Quantity request = requests.getOrDefault(resource, limit);
                if (limit == null || request == null
                        || Quantity.getAmountInBytes(limit).compareTo(Quantity.getAmountInBytes(request)) != 0) {
                    guaranteed = false;
                }
            }
        }
        if (!any) {
            return "BestEffort";
        }
        return guaranteed ? "Guaranteed" : "Burstable";
    }

    /** Whether a Pod counts as ready for its controller and its Services. */
    static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** When a ready Pod became ready, or null. */
    static Instant readySince(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> Meta.parseTimestamp(c.getLastTransitionTime())).findFirst().orElse(null);
    }
}
