package dev.flotilla.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flotilla.api.v1alpha1.ReplicaEstimate;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberCapacityTest {

  private static Node node(String name, String cpu, String memory, int pods, boolean ready, boolean tainted) {
    NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
        .withNewStatus().withAllocatable(Map.of("cpu", new Quantity(cpu), "memory", new Quantity(memory),
            "pods", new Quantity(Integer.toString(pods))))
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus();
    if (tainted) {
      builder.withNewSpec().addNewTaint().withKey("maintenance").withEffect("NoSchedule").endTaint().endSpec();
    }
    return builder.build();
  }

  private static Pod pod(String node, String cpu, String memory, String phase) {
    return new PodBuilder().withNewMetadata().withName("p").endMetadata()
        .withNewSpec().withNodeName(node).addNewContainer().withName("c").withNewResources()
        .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
        .endResources().endContainer().endSpec()
        .withNewStatus().withPhase(phase).endStatus().build();
  }

  @Test
  void summarisesNodesAndResources() {
    List<Node> nodes = List.of(node("a", "4", "8Gi", 110, true, false), node("b", "2", "4Gi", 110, false, false));
    List<Pod> pods = List.of(pod("a", "500m", "1Gi", "Running"), pod(null, "250m", "256Mi", "Pending"),
        pod("a", "1", "1Gi", "Succeeded"));
    var nodeSummary = MemberCapacity.nodeSummary(nodes);
    assertThat(nodeSummary.getTotalNum()).isEqualTo(2);
    assertThat(nodeSummary.getReadyNum()).isEqualTo(1);
    var summary = MemberCapacity.resourceSummary(nodes, pods);
    assertThat(summary.getAllocatable()).containsEntry("cpu", new Quantity("6"))
        .containsEntry("memory", new Quantity("12Gi")).containsEntry("pods", new Quantity("220"));
    assertThat(summary.getAllocated()).containsEntry("cpu", new Quantity("500m"))
        .containsEntry("memory", new Quantity("1Gi")).containsEntry("pods", new Quantity("1"));
    assertThat(summary.getAllocating()).containsEntry("cpu", new Quantity("250m"))
        .containsEntry("pods", new Quantity("1"));
  }

  @Test
  void estimatesNodeByNodeSoFragmentationCounts() {
    // Two nodes with 1.5 cpu free each: a 1-cpu replica fits once per node, not three times in total.
    List<Node> nodes = List.of(node("a", "2", "8Gi", 110, true, false), node("b", "2", "8Gi", 110, true, false),
        node("c", "8", "8Gi", 110, false, false), node("d", "8", "8Gi", 110, true, true));
    List<Pod> pods = List.of(pod("a", "500m", "1Gi", "Running"), pod("b", "500m", "1Gi", "Running"));
    List<ReplicaEstimate> estimates = MemberCapacity.estimates(nodes, pods, List.of(
        Map.of("cpu", new Quantity("1")), Map.of("cpu", new Quantity("1")), Map.of("memory", new Quantity("3Gi"))));
    assertThat(estimates).hasSize(2);
    assertThat(estimates.get(0).getAvailableReplicas()).isEqualTo(2L);
    assertThat(estimates.get(1).getAvailableReplicas()).isEqualTo(4L);
  }

  @Test
  void podSlotsLimitToo() {
    List<ReplicaEstimate> estimates = MemberCapacity.estimates(List.of(node("a", "64", "64Gi", 3, true, false)),
        List.of(pod("a", "1m", "1Mi", "Running")), List.of(Map.of("cpu", new Quantity("1m"))));
    assertThat(estimates.get(0).getAvailableReplicas()).isEqualTo(2L);
  }

  @ParameterizedTest
  @CsvSource({"cpu, 0.25, 250m", "cpu, 3, 3", "memory, 1073741824, 1Gi", "memory, 1000, 1000",
      "memory, 1536, 1536", "pods, 110, 110"})
  void formatsQuantitiesReadably(String name, String amount, String expected) {
    assertThat(MemberCapacity.format(name, new BigDecimal(amount)).toString()).isEqualTo(expected);
  }
}
