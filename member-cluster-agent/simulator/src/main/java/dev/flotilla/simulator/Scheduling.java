package dev.flotilla.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The scheduler's decision for one Pod, as pure data: filter the Nodes (schedulable, node selector, free CPU,
 * memory and Pod slots), then pick the least allocated one so that Pods spread. When nothing fits, the answer
 * says why per Node in the words kube-scheduler uses ("0/3 nodes are available: 3 Insufficient cpu.").
 */
final class Scheduling {

    /** A Node as the scheduler sees it: what it offers and what is already placed on it. */
    record NodeView(String name, Map<String, String> labels, boolean schedulable, Resources allocatable,
                    int allocatablePods, Resources used, int usedPods) {

        NodeView withPod(Resources requests) {
            return new NodeView(name, labels, schedulable, allocatable, allocatablePods, used.plus(requests),
                    usedPods + 1);
        }
    }

    /** The outcome: a Node name, or the reason none fits. */
    record Decision(String nodeName, String unschedulableMessage) {
        boolean placed() {
            return nodeName != null;
        }
    }

    static final String INSUFFICIENT_CPU = "Insufficient cpu";
    static final String INSUFFICIENT_MEMORY = "Insufficient memory";
    static final String TOO_MANY_PODS = "Too many pods";
    static final String SELECTOR_MISMATCH = "node(s) didn't match Pod's node affinity/selector";
    static final String CORDONED = "node(s) were unschedulable";

    private Scheduling() {
    }

    static Decision place(Resources requests, Map<String, String> nodeSelector, List<NodeView> nodes) {
        if (nodes.isEmpty()) {
            return new Decision(null, "no nodes available to schedule pods");
        }
        Map<String, Integer> reasons = new TreeMap<>();
        List<NodeView> feasible = new ArrayList<>();
        for (NodeView node : nodes) {
            List<String> misfits = misfits(requests, nodeSelector, node);
            if (misfits.isEmpty()) {
                feasible.add(node);
            }
            misfits.forEach(reason -> reasons.merge(reason, 1, Integer::sum));
        }
        if (feasible.isEmpty()) {
            StringBuilder message = new StringBuilder("0/").append(nodes.size()).append(" nodes are available: ");
            List<String> parts = new ArrayList<>();
            reasons.forEach((reason, count) -> parts.add(count + " " + reason));
            message.append(String.join(", ", parts)).append('.');
            return new Decision(null, message.toString());
        }
        NodeView best = feasible.stream()
                .min(Comparator.comparingDouble((NodeView node) -> allocatedShare(node.withPod(requests)))
                        .thenComparingInt(NodeView::usedPods)
                        .thenComparing(NodeView::name))
                .orElseThrow();
        return new Decision(best.name(), null);
    }

    private static List<String> misfits(Resources requests, Map<String, String> nodeSelector, NodeView node) {
        List<String> misfits = new ArrayList<>();
        if (!node.schedulable()) {
            misfits.add(CORDONED);
            return misfits;
        }
        if (nodeSelector != null) {
            for (Map.Entry<String, String> wanted : nodeSelector.entrySet()) {
                if (!wanted.getValue().equals(node.labels().get(wanted.getKey()))) {
                    misfits.add(SELECTOR_MISMATCH);
                    return misfits;
                }
            }
        }
        if (node.usedPods() + 1 > node.allocatablePods()) {
            misfits.add(TOO_MANY_PODS);
        }
        if (requests.cpuMillis() > 0
                && node.used().cpuMillis() + requests.cpuMillis() > node.allocatable().cpuMillis()) {
            misfits.add(INSUFFICIENT_CPU);
        }
        if (requests.memoryBytes() > 0
                && node.used().memoryBytes() + requests.memoryBytes() > node.allocatable().memoryBytes()) {
            misfits.add(INSUFFICIENT_MEMORY);
        }
        return misfits;
    }

    /** The mean of the CPU, memory and Pod-slot shares in use: lower means emptier. */
    private static double allocatedShare(NodeView node) {
        double cpu = share(node.used().cpuMillis(), node.allocatable().cpuMillis());
        double memory = share(node.used().memoryBytes(), node.allocatable().memoryBytes());
        double pods = share(node.usedPods(), node.allocatablePods());
        return (cpu + memory + pods) / 3;
    }

    private static double share(long used, long total) {
        return total <= 0 ? 1 : (double) used / total;
    }
}
