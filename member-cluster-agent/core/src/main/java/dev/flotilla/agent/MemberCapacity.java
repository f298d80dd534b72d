package dev.flotilla.agent;

import dev.flotilla.api.v1alpha1.NodeSummary;
import dev.flotilla.api.v1alpha1.ReplicaEstimate;
import dev.flotilla.api.v1alpha1.ResourceSummary;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure capacity arithmetic over a member's Nodes and Pods: the node summary, the resource summary (allocatable,
 * allocated by scheduled pods, allocating by pending ones) and node-by-node replica estimates. No I/O.
 *
 * <p>A pod counts when it is not finished (phase Succeeded or Failed). Its request per resource is the larger of
 * the sum over its containers and the largest init container, as the scheduler counts it; each pod also takes one
 * {@code pods} slot. A node offers room only when it is Ready and schedulable and has no NoSchedule/NoExecute taint.
 */
public final class MemberCapacity {

  private static final String PODS = "pods";

  private MemberCapacity() {
  }

  /**
   * Whether a node's Ready condition is True.
   *
   * @param node the node
   * @return true if Ready
   */
  public static boolean isReady(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (NodeCondition condition : node.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    return false;
  }

  /**
   * Counts nodes.
   *
   * @param nodes the member's nodes
   * @return total and ready
   */
  public static NodeSummary nodeSummary(Collection<Node> nodes) {
    NodeSummary summary = new NodeSummary();
    summary.setTotalNum(nodes.size());
    summary.setReadyNum((int) nodes.stream().filter(MemberCapacity::isReady).count());
    return summary;
  }

  /**
   * Sums resources over all nodes and pods.
   *
   * @param nodes the member's nodes
   * @param pods the member's pods (all namespaces)
   * @return allocatable (all nodes), allocated (scheduled unfinished pods) and allocating (pending unscheduled pods)
   */
  public static ResourceSummary resourceSummary(Collection<Node> nodes, Collection<Pod> pods) {
    Map<String, BigDecimal> allocatable = new TreeMap<>();
    for (Node node : nodes) {
      add(allocatable, allocatable(node));
    }
    Map<String, BigDecimal> allocated = new TreeMap<>();
    Map<String, BigDecimal> allocating = new TreeMap<>();
    for (Pod pod : pods) {
      if (finished(pod)) {
        continue;
      }
      Map<String, BigDecimal> request = withPodSlot(podRequest(pod.getSpec()));
      boolean scheduled = pod.getSpec() != null && pod.getSpec().getNodeName() != null
          && !pod.getSpec().getNodeName().isEmpty();
      add(scheduled ? allocated : allocating, request);
    }
    ResourceSummary summary = new ResourceSummary();
    summary.setAllocatable(quantities(allocatable));
    summary.setAllocated(quantities(allocated));
    summary.setAllocating(allocating.isEmpty() ? null : quantities(allocating));
    return summary;
  }

  /**
   * Estimates, node by node, how many more replicas of each request fit: on every schedulable node, the free part of
   * each requested resource divided by the request (the smallest quotient wins, and a replica takes a pod slot), then
   * summed. Fragmentation counts: two nodes with half a replica free each fit none.
   *
   * @param nodes the member's nodes
   * @param pods the member's pods
   * @param requests per-replica requests (resource name to quantity), duplicates dropped
   * @return one estimate per distinct request, in order
   */
  public static List<ReplicaEstimate> estimates(Collection<Node> nodes, Collection<Pod> pods,
                                                Collection<Map<String, Quantity>> requests) {
    Map<String, Map<String, BigDecimal>> usedByNode = new HashMap<>();
    for (Pod pod : pods) {
      if (finished(pod) || pod.getSpec() == null || pod.getSpec().getNodeName() == null) {
        continue;
      }
      add(usedByNode.computeIfAbsent(pod.getSpec().getNodeName(), n -> new HashMap<>()),
          withPodSlot(podRequest(pod.getSpec())));
    }
    List<ReplicaEstimate> result = new ArrayList<>();
    for (Map<String, BigDecimal> request : new LinkedHashSet<>(requests.stream().map(MemberCapacity::amounts).toList())) {
      long total = 0;
      for (Node node : nodes) {
        if (!schedulable(node)) {
          continue;
        }
        total += fits(allocatable(node), usedByNode.getOrDefault(node.getMetadata().getName(), Map.of()), request);
      }
      ReplicaEstimate estimate = new ReplicaEstimate();
      estimate.setResourceRequest(quantities(request));
      estimate.setAvailableReplicas(total);
      result.add(estimate);
    }
    return result;
  }

  /**
   * What one replica of a pod template requests.
   *
   * @param spec the pod spec
   * @return resource name to quantity (empty when nothing is requested)
   */
  public static Map<String, Quantity> replicaRequest(PodSpec spec) {
    return quantities(podRequest(spec));
  }

  private static long fits(Map<String, BigDecimal> allocatable, Map<String, BigDecimal> used,
                           Map<String, BigDecimal> request) {
    Map<String, BigDecimal> need = new HashMap<>(request);
    if (allocatable.containsKey(PODS)) {
      need.putIfAbsent(PODS, BigDecimal.ONE);
    }
    long best = Long.MAX_VALUE;
    for (Map.Entry<String, BigDecimal> entry : need.entrySet()) {
      if (entry.getValue().signum() <= 0) {
        continue;
      }
      BigDecimal offered = allocatable.get(entry.getKey());
      if (offered == null) {
        return 0; // the node does not offer a requested resource at all
      }
      BigDecimal free = offered.subtract(used.getOrDefault(entry.getKey(), BigDecimal.ZERO));
      long n = free.signum() <= 0 ? 0
          : free.divide(entry.getValue(), 0, RoundingMode.FLOOR).min(BigDecimal.valueOf(Long.MAX_VALUE)).longValue();
      best = Math.min(best, n);
    }
    return best == Long.MAX_VALUE ? 0 : best;
  }

  private static boolean schedulable(Node node) {
    if (!isReady(node) || node.getMetadata() == null) {
      return false;
    }
    if (node.getSpec() != null) {
      if (Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
        return false;
      }
      if (node.getSpec().getTaints() != null) {
        for (Taint taint : node.getSpec().getTaints()) {
          if ("NoSchedule".equals(taint.getEffect()) || "NoExecute".equals(taint.getEffect())) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static boolean finished(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static Map<String, BigDecimal> allocatable(Node node) {
    if (node.getStatus() == null) {
      return Map.of();
    }
    Map<String, Quantity> source = node.getStatus().getAllocatable() != null
        ? node.getStatus().getAllocatable() : node.getStatus().getCapacity();
    return source == null ? Map.of() : amounts(source);
  }

  private static Map<String, BigDecimal> podRequest(PodSpec spec) {
    Map<String, BigDecimal> sum = new HashMap<>();
    if (spec == null) {
      return sum;
    }
    if (spec.getContainers() != null) {
      for (Container container : spec.getContainers()) {
        add(sum, containerRequest(container));
      }
    }
    if (spec.getInitContainers() != null) {
      for (Container init : spec.getInitContainers()) {
        containerRequest(init).forEach((name, amount) -> sum.merge(name, amount, BigDecimal::max));
      }
    }
    if (spec.getOverhead() != null) {
      add(sum, amounts(spec.getOverhead()));
    }
    return sum;
  }

  private static Map<String, BigDecimal> withPodSlot(Map<String, BigDecimal> request) {
    Map<String, BigDecimal> withSlot = new HashMap<>(request);
    withSlot.merge(PODS, BigDecimal.ONE, BigDecimal::add);
    return withSlot;
  }

  private static Map<String, BigDecimal> containerRequest(Container container) {
    if (container.getResources() == null) {
      return Map.of();
    }
    Map<String, Quantity> requests = container.getResources().getRequests();
    if (requests == null || requests.isEmpty()) {
      // As in Kubernetes, a container with limits but no requests requests its limits.
      requests = container.getResources().getLimits();
    }
    return requests == null ? Map.of() : amounts(requests);
  }

  private static Map<String, BigDecimal> amounts(Map<String, Quantity> quantities) {
    Map<String, BigDecimal> result = new TreeMap<>();
    quantities.forEach((name, quantity) -> {
      if (quantity != null) {
        result.put(name, Quantity.getAmountInBytes(quantity));
      }
    });
    return result;
  }

  private static void add(Map<String, BigDecimal> into, Map<String, BigDecimal> amounts) {
    amounts.forEach((name, amount) -> into.merge(name, amount, BigDecimal::add));
  }

  private static Map<String, Quantity> quantities(Map<String, BigDecimal> amounts) {
    Map<String, Quantity> result = new TreeMap<>();
    amounts.forEach((name, amount) -> result.put(name, format(name, amount)));
    return result;
  }

  /** Writes cpu in millicores when fractional, memory-like amounts in the largest exact binary unit. */
  static Quantity format(String name, BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() <= 0) {
      BigDecimal whole = stripped.setScale(0);
      if (!"cpu".equals(name) && !PODS.equals(name)) {
        String[] units = {"Ki", "Mi", "Gi", "Ti"};
        BigDecimal unit = BigDecimal.valueOf(1024);
        String chosen = null;
        BigDecimal value = whole;
        for (String u : units) {
          if (value.signum() != 0 && value.remainder(unit).signum() == 0) {
            value = value.divide(unit);
            chosen = u;
          } else {
            break;
          }
        }
        return chosen == null ? new Quantity(whole.toPlainString()) : new Quantity(value.toPlainString() + chosen);
      }
      return new Quantity(whole.toPlainString());
    }
    BigDecimal milli = amount.multiply(BigDecimal.valueOf(1000));
    if (milli.stripTrailingZeros().scale() <= 0) {
      return new Quantity(milli.setScale(0, RoundingMode.UNNECESSARY).toPlainString() + "m");
    }
    return new Quantity(stripped.toPlainString());
  }
}
