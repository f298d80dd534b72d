package dev.flotilla.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.api.v1alpha1.ApiEnum;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.api.v1alpha1.Conditions;
import dev.flotilla.api.v1alpha1.ResourceSummary;
import dev.flotilla.api.v1alpha1.SpreadByField;
import dev.flotilla.api.v1alpha1.Work;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small behaviours the types carry: conditions, capacity estimates, enums, names fabric8 derives. */
class TypesBehaviourTest {

  @Test
  void fabric8DerivesTheRightResourceNames() {
    ResourceDefinitionContext cluster = ResourceDefinitionContext.fromResourceType(Cluster.class);
    assertThat(cluster.getGroup()).isEqualTo("flotilla.dev");
    assertThat(cluster.getVersion()).isEqualTo("v1alpha1");
    assertThat(cluster.getPlural()).isEqualTo("clusters");
    assertThat(cluster.isNamespaceScoped()).isFalse();
    assertThat(ResourceDefinitionContext.fromResourceType(Work.class).isNamespaceScoped()).isTrue();
    assertThat(HasMetadata.getApiVersion(Work.class)).isEqualTo(FlotillaApi.API_VERSION);
    assertThat(new Work().getKind()).isEqualTo("Work");
  }

  @Test
  void setConditionKeepsTransitionTimeWhileStatusHolds() {
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    Instant t1 = Instant.parse("2026-01-01T00:01:00Z");
    List<Condition> conditions = Conditions.set(null, Conditions.of("Ready", "True", "Up", null, t0));
    conditions = Conditions.set(conditions, Conditions.of("Ready", "True", "StillUp", "fine", t1));
    assertThat(conditions).singleElement().satisfies(c -> {
      assertThat(c.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
      assertThat(c.getReason()).isEqualTo("StillUp");
    });
    conditions = Conditions.set(conditions, Conditions.of("Ready", "False", "Down", null, t1));
    assertThat(conditions.get(0).getLastTransitionTime()).isEqualTo("2026-01-01T00:01:00Z");
    assertThat(Conditions.isTrue(conditions, "Ready")).isFalse();
    conditions = Conditions.set(conditions, Conditions.of("Applied", "True", "Done", null, t1));
    assertThat(conditions).extracting(Condition::getType).containsExactly("Ready", "Applied");
  }

  @Test
  void estimateReplicasFromFreeResources() {
    ResourceSummary summary = new ResourceSummary();
    summary.setAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"),
        "pods", new Quantity("110")));
    summary.setAllocated(Map.of("cpu", new Quantity("1500m"), "pods", new Quantity("105")));
    summary.setAllocating(Map.of("cpu", new Quantity("500m")));
    // cpu: 2 free / 250m = 8; memory: 8Gi / 512Mi = 16; pods: 5 free.
    assertThat(summary.estimateReplicas(Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi"))))
        .hasValue(5);
    summary.setAllocatable(Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi")));
    assertThat(summary.estimateReplicas(Map.of("cpu", new Quantity("250m")))).hasValue(8);
    assertThat(summary.estimateReplicas(Map.of("nvidia.com/gpu", new Quantity("1")))).isEmpty();
    summary.setAllocated(Map.of("cpu", new Quantity("5")));
    assertThat(summary.estimateReplicas(Map.of("cpu", new Quantity("1")))).hasValue(0);
  }

  @Test
  void enumsListAndParseApiValues() {
    assertThat(ApiEnum.values(SpreadByField.class)).containsExactly("cluster", "region", "zone");
    assertThat(SpreadByField.fromValue("zone")).isEqualTo(SpreadByField.ZONE);
    assertThatThrownBy(() -> SpreadByField.fromValue("Zone")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported values");
  }

  @Test
  void executionNamespaces() {
    assertThat(FlotillaApi.executionNamespace("eu-west-a")).isEqualTo("flotilla-es-eu-west-a");
    assertThat(FlotillaApi.clusterOfExecutionNamespace("flotilla-es-eu-west-a")).isEqualTo("eu-west-a");
    assertThat(FlotillaApi.clusterOfExecutionNamespace("shop")).isNull();
    assertThat(FlotillaApi.MAX_CLUSTER_NAME_LENGTH).isEqualTo(51);
  }
}
