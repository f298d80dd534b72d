package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.v1alpha1.AggregatedStatusItem;
import dev.flotilla.api.v1alpha1.Work;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusAggregationTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final ObjectNode TEMPLATE = Yaml.json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':"
            + "{'name':'web','namespace':'shop','generation':2},'spec':{'replicas':12},"
            + "'status':{'observedGeneration':1}}");

    private static Work work(long generation, String templateGeneration, String applied, int replicas, int ready) {
        return Yaml.as(("{'metadata':{'name':'w','generation':%d,'annotations':{'flotilla.dev/template-generation':"
                + "'%s'}},'status':{'conditions':[{'type':'Applied','status':'%s','observedGeneration':%d,"
                + "'message':'denied'}],'manifestStatuses':[{'identifier':{'ordinal':0,'version':'v1','kind':'ConfigMap',"
                + "'namespace':'shop','name':'web'},'health':'Healthy'},{'identifier':{'ordinal':1,'group':'apps',"
                + "'version':'v1','kind':'Deployment','namespace':'shop','name':'web'},'health':'Healthy','status':"
                + "{'replicas':%d,'readyReplicas':%d,'availableReplicas':%d,'updatedReplicas':%d}}]}}")
                .formatted(generation, templateGeneration, applied, generation, replicas, ready, ready, replicas),
                Work.class);
    }

    @Test
    void perClusterItemsAndAFederationWideDeploymentStatus() {
        Map<String, Work> works = Map.of("m1", work(3, "2", "True", 8, 8), "m2", work(1, "2", "True", 4, 4));
        List<AggregatedStatusItem> items = StatusAggregation.aggregate(TEMPLATE, List.of("m1", "m2", "m3"), works);
        assertThat(items).extracting(AggregatedStatusItem::getClusterName).containsExactly("m1", "m2", "m3");
        assertThat(items.get(0).getApplied()).isTrue();
        assertThat(items.get(0).getHealth()).isEqualTo("Healthy");
        assertThat(items.get(0).getStatus().path("readyReplicas").asInt()).isEqualTo(8);
        assertThat(items.get(2).getApplied()).isFalse();
        assertThat(items.get(2).getAppliedMessage()).contains("not created");

        ObjectNode status = StatusAggregation.templateStatus(TEMPLATE, items.subList(0, 2), true, NOW);
        assertThat(status.path("replicas").asInt()).isEqualTo(12);
        assertThat(status.path("readyReplicas").asInt()).isEqualTo(12);
        assertThat(status.path("availableReplicas").asInt()).isEqualTo(12);
        assertThat(status.path("updatedReplicas").asInt()).isEqualTo(12);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(2);
        assertThat(status.at("/conditions/0/type").asText()).isEqualTo("Available");
        assertThat(status.at("/conditions/0/status").asText()).isEqualTo("True");
        assertThat(status.at("/conditions/1/reason").asText()).isEqualTo("NewReplicaSetAvailable");
    }

    @Test
    void aStaleOrFailedClusterHoldsBackObservedGeneration() {
        assertThat(StatusAggregation.observed(work(3, "2", "True", 8, 8), 2)).isTrue();
        assertThat(StatusAggregation.observed(work(3, "1", "True", 8, 8), 2)).isFalse();
        assertThat(StatusAggregation.observed(work(3, "2", "False", 8, 8), 2)).isFalse();
        Map<String, Work> works = Map.of("m1", work(3, "2", "False", 8, 5));
        List<AggregatedStatusItem> items = StatusAggregation.aggregate(TEMPLATE, List.of("m1"), works);
        assertThat(items.get(0).getAppliedMessage()).isEqualTo("denied");
        ObjectNode status = StatusAggregation.templateStatus(TEMPLATE, items, false, NOW);
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        assertThat(status.at("/conditions/0/status").asText()).isEqualTo("False");
        assertThat(status.at("/conditions/1/reason").asText()).isEqualTo("ReplicaSetUpdated");
    }

    @Test
    void servicesCollectIngressAndConfigMapsHaveNoStatus() {
        var service = Yaml.json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web'}}");
        AggregatedStatusItem a = new AggregatedStatusItem();
        a.setStatus(Yaml.json("{'loadBalancer':{'ingress':[{'ip':'10.1.0.1'}]}}"));
        AggregatedStatusItem b = new AggregatedStatusItem();
        b.setStatus(Yaml.json("{'loadBalancer':{'ingress':[{'ip':'10.2.0.1'}]}}"));
        assertThat(StatusAggregation.templateStatus(service, List.of(a, b), true, NOW)).isEqualTo(Yaml.json(
                "{'loadBalancer':{'ingress':[{'ip':'10.1.0.1'},{'ip':'10.2.0.1'}]}}"));
        assertThat(StatusAggregation.templateStatus(Yaml.json("{'apiVersion':'v1','kind':'ConfigMap'}"),
                List.of(a), true, NOW)).isNull();
    }
}
