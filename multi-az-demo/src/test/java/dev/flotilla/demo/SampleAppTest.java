package dev.flotilla.demo;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SampleAppTest {

    @Test
    void theAppIsANamespaceAConfigMapADeploymentALoadBalancerServiceAndAPolicy() {
        List<SampleApp.Manifest> manifests = SampleApp.manifests(Layout.generate(2, 3, 6), 12);

        assertThat(manifests).extracting(SampleApp.Manifest::describe).containsExactly("namespace/demo",
                "configmap/web-config", "deployment/web", "service/web", "propagationpolicy/web");
        assertThat(manifests).extracting(SampleApp.Manifest::collection).containsExactly("/api/v1/namespaces",
                "/api/v1/namespaces/demo/configmaps", "/apis/apps/v1/namespaces/demo/deployments",
                "/api/v1/namespaces/demo/services", "/apis/flotilla.dev/v1alpha1/namespaces/demo/propagationpolicies");

        JsonNode deployment = manifests.get(2).object();
        assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(12);
        assertThat(deployment.at("/spec/template/spec/containers/0/resources/requests/cpu").asText()).isEqualTo("100m");
        JsonNode service = manifests.get(3).object();
        assertThat(service.at("/spec/type").asText()).isEqualTo("LoadBalancer");
        assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
        assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(8080);
    }

    @Test
    void thePolicySpreadsOverAtLeastTwoZonesWithEveryZoneWeighingTheSame() {
        JsonNode policy = SampleApp.policy(Layout.generate(2, 3, 6));

        assertThat(policy.at("/spec/resourceSelectors").findValuesAsText("kind"))
                .containsExactly("Deployment", "Service", "ConfigMap");
        assertThat(policy.at("/spec/placement/spreadConstraints/0/spreadByField").asText()).isEqualTo("zone");
        assertThat(policy.at("/spec/placement/spreadConstraints/0/minGroups").asInt()).isEqualTo(2);
        JsonNode scheduling = policy.at("/spec/placement/replicaScheduling");
        assertThat(scheduling.path("replicaSchedulingType").asText()).isEqualTo("Divided");
        assertThat(scheduling.path("replicaDivisionPreference").asText()).isEqualTo("Weighted");
        JsonNode regions = scheduling.at("/weightPreference/hierarchicalWeights/regions");
        assertThat(regions.toString()).isEqualTo("[{\"name\":\"eu-1\",\"weight\":2,\"zones\":[{\"name\":\"eu-1a\","
                + "\"weight\":1},{\"name\":\"eu-1b\",\"weight\":1}]},{\"name\":\"us-1\",\"weight\":1,\"zones\":"
                + "[{\"name\":\"us-1a\",\"weight\":1}]}]");
    }

    @Test
    void dnsNamesFollowTheFederationV1Scheme() {
        assertThat(DnsNames.all(Layout.generate(2, 3, 6))).extracting(DnsNames.Scope::name).containsExactly(
                "web.demo.flotilla.svc.eu-1a.eu-1.flotilla.internal", "web.demo.flotilla.svc.eu-1b.eu-1.flotilla.internal",
                "web.demo.flotilla.svc.us-1a.us-1.flotilla.internal", "web.demo.flotilla.svc.eu-1.flotilla.internal",
                "web.demo.flotilla.svc.us-1.flotilla.internal", "web.demo.flotilla.svc.flotilla.internal");
    }

    @Test
    void dnsAnswersAreDescribedAsDigWouldShowThem() {
        DnsAnswer chain = new DnsAnswer("NOERROR", List.of("web.demo.flotilla.svc.eu-1.flotilla.internal"),
                List.of("127.13.0.1", "127.9.0.1"));
        assertThat(chain.addresses()).containsExactly("127.9.0.1", "127.13.0.1");
        assertThat(chain.direct()).isFalse();
        assertThat(chain.describe()).isEqualTo("CNAME web.demo.flotilla.svc.eu-1.flotilla.internal → A 127.9.0.1 127.13.0.1");
        assertThat(new DnsAnswer("NXDOMAIN", List.of(), List.of()).describe()).isEqualTo("NXDOMAIN");
        assertThat(DnsAnswer.failed("TIMEOUT").describe()).isEqualTo("TIMEOUT");
        assertThat(new DnsAnswer("NOERROR", List.of(), List.of("127.1.0.1")).direct()).isTrue();
    }
}
