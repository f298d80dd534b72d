package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.v1alpha1.OverrideSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberManifestsTest {

    private static final MemberCluster EU_A = new MemberCluster("m1",
            Map.of("topology.kubernetes.io/zone", "eu-1a", "topology.kubernetes.io/region", "eu-1"));
    private static final MemberCluster EU_B = new MemberCluster("m2",
            Map.of("topology.kubernetes.io/zone", "eu-1b", "topology.kubernetes.io/region", "eu-1"));

    private static ObjectNode deployment() {
        return Yaml.json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'shop',"
                + "'uid':'u','resourceVersion':'9','generation':3,'creationTimestamp':'2026-01-01T00:00:00Z',"
                + "'managedFields':[{}],'finalizers':['flotilla.dev/propagation'],'ownerReferences':[{}],"
                + "'labels':{'app':'web','flotilla.dev/propagation-policy-name':'p'},"
                + "'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}','team':'x'}},"
                + "'spec':{'replicas':12,'template':{'spec':{'containers':[{'name':'web','image':'nginx:1.27',"
                + "'args':['-v'],'env':[{'name':'MODE','value':'a'}]},{'name':'side','image':'docker.io/busybox'}]}}},"
                + "'status':{'replicas':12}}");
    }

    private static OverrideCandidate override(boolean cluster, String name, String spec) {
        return new OverrideCandidate(cluster, "shop", name, Yaml.as(spec, OverrideSpec.class));
    }

    @Test
    void stripsServerSetMetadataAndSetsTheShare() {
        ObjectNode manifest = MemberManifests.render(deployment(), EU_A, 8, List.of());
        assertThat(manifest).isEqualTo(Yaml.json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':"
                + "{'name':'web','namespace':'shop','labels':{'app':'web'},'annotations':{'team':'x'}},"
                + "'spec':{'replicas':8,'template':{'spec':{'containers':[{'name':'web','image':'nginx:1.27',"
                + "'args':['-v'],'env':[{'name':'MODE','value':'a'}]},{'name':'side','image':'docker.io/busybox'}]}}}}"));
    }

    @Test
    void everyOverriderInItsOrderOnlyInTheTargetedCluster() {
        OverrideCandidate policy = override(false, "zone-a", "{'overrideRules':[{'targetCluster':{'labelSelector':"
                + "{'matchLabels':{'topology.kubernetes.io/zone':'eu-1a'}}},'overriders':{"
                + "'imageOverrider':[{'predicate':{'path':'/spec/template/spec/containers/0/image'},"
                + "'component':'Registry','operator':'replace','value':'mirror.eu'},"
                + "{'component':'Tag','operator':'replace','value':'2.0'}],"
                + "'commandOverrider':[{'containerName':'web','operator':'add','value':['/bin/web']}],"
                + "'argsOverrider':[{'containerName':'web','operator':'remove','value':['-v']},"
                + "{'containerName':'web','operator':'add','value':['--zone=a']}],"
                + "'envOverrider':[{'containerName':'web','operator':'replace','value':[{'name':'MODE','value':'b'}]},"
                + "{'containerName':'web','operator':'add','value':[{'name':'ZONE','value':'a'}]}],"
                + "'labelsOverrider':[{'operator':'add','value':{'zone':'a'}},{'operator':'remove','value':{'app':''}}],"
                + "'annotationsOverrider':[{'operator':'replace','value':{'team':'y','absent':'z'}}],"
                + "'plaintext':[{'path':'/spec/template/spec/containers/0/args/0','operator':'replace',"
                + "'value':'--zone=eu-1a'},{'path':'/spec/minReadySeconds','operator':'add','value':5}]}}]}");
        ObjectNode a = MemberManifests.render(deployment(), EU_A, 8, List.of(policy));
        assertThat(a.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("mirror.eu/nginx:2.0");
        assertThat(a.at("/spec/template/spec/containers/1/image").asText()).isEqualTo("docker.io/busybox:2.0");
        assertThat(a.at("/spec/template/spec/containers/0/command")).isEqualTo(Yaml.tree(List.of("/bin/web")));
        // plaintext runs last: it rewrites what argsOverrider wrote.
        assertThat(a.at("/spec/template/spec/containers/0/args")).isEqualTo(Yaml.tree(List.of("--zone=eu-1a")));
        assertThat(a.at("/spec/template/spec/containers/0/env")).isEqualTo(Yaml.json(
                "{'e':[{'name':'MODE','value':'b'},{'name':'ZONE','value':'a'}]}").get("e"));
        assertThat(a.at("/metadata/labels")).isEqualTo(Yaml.json("{'zone':'a'}"));
        assertThat(a.at("/metadata/annotations")).isEqualTo(Yaml.json("{'team':'y'}"));
        assertThat(a.at("/spec/minReadySeconds").asInt()).isEqualTo(5);

        ObjectNode b = MemberManifests.render(deployment(), EU_B, 4, List.of(policy));
        assertThat(b).isEqualTo(MemberManifests.render(deployment(), EU_B, 4, List.of()));
    }

    @Test
    void clusterPoliciesFirstThenNamespacedInNameOrder() {
        String tag = "{'overrideRules':[{'targetCluster':{'clusterNames':['m1']},'overriders':{'imageOverrider':"
                + "[{'component':'Tag','operator':'replace','value':'%s'}]}}]}";
        List<OverrideCandidate> policies = List.of(override(false, "b", tag.formatted("from-b")),
                override(true, "z-cluster", tag.formatted("from-cluster")), override(false, "a", tag.formatted("from-a")),
                new OverrideCandidate(false, "elsewhere", "c", Yaml.as(tag.formatted("other-ns"), OverrideSpec.class)),
                override(false, "0-service-only", "{'resourceSelectors':[{'apiVersion':'v1','kind':'Service'}],"
                        + tag.substring(1).formatted("service")));
        ObjectNode a = MemberManifests.render(deployment(), EU_A, 8, policies);
        assertThat(a.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:from-b");
    }

    @ParameterizedTest
    @CsvSource({
            "nginx, Registry, add, mirror.io, mirror.io/nginx",
            "quay.io/app/web:1, Registry, add, .eu, quay.io.eu/app/web:1",
            "quay.io/app/web:1, Registry, remove, '', app/web:1",
            "localhost:5000/web:1, Repository, replace, team/web, localhost:5000/team/web:1",
            "web:1, Repository, add, -canary, web-canary:1",
            "web:1, Tag, remove, '', web",
            "web@sha256:abc, Tag, add, 2, web:2@sha256:abc",
    })
    void imageComponents(String image, String component, String operator, String value, String expected) {
        var overrider = Yaml.as("{'component':'" + component + "','operator':'" + operator + "','value':'"
                + value + "'}", dev.flotilla.api.v1alpha1.ImageOverrider.class);
        assertThat(MemberManifests.overrideImage(image, overrider, "x")).isEqualTo(expected);
    }

    @Test
    void badOverridesNameThePolicyAndTheField() {
        OverrideCandidate badPatch = override(false, "broken", "{'overrideRules':[{'overriders':{'plaintext':"
                + "[{'path':'/spec/nothing/here','operator':'replace','value':1}]}}]}");
        assertThatThrownBy(() -> MemberManifests.render(deployment(), EU_A, 8, List.of(badPatch)))
                .isInstanceOf(RenderException.class)
                .hasMessageContaining("OverridePolicy shop/broken: spec.overrideRules[0].overriders.plaintext[0]");
        OverrideCandidate badPath = override(false, "img", "{'overrideRules':[{'overriders':{'imageOverrider':"
                + "[{'predicate':{'path':'/spec/replicas'},'component':'Tag','operator':'replace','value':'1'}]}}]}");
        assertThatThrownBy(() -> MemberManifests.render(deployment(), EU_A, 8, List.of(badPath)))
                .hasMessageContaining("imageOverrider[0].predicate.path");
    }

    @Test
    void servicesLoseTheControlPlaneClusterIpButHeadlessStays() {
        var service = Yaml.json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'shop'},"
                + "'spec':{'clusterIP':'10.0.0.1','clusterIPs':['10.0.0.1'],'ports':[{'port':80}]}}");
        assertThat(MemberManifests.render(service, EU_A, null, List.of()).at("/spec"))
                .isEqualTo(Yaml.json("{'ports':[{'port':80}]}"));
        service.with("spec").put("clusterIP", "None");
        assertThat(MemberManifests.render(service, EU_A, null, List.of()).at("/spec/clusterIP").asText())
                .isEqualTo("None");
    }

    @Test
    void dependenciesOfAPodTemplate() {
        var workload = Yaml.json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'w'},'spec':"
                + "{'template':{'spec':{'imagePullSecrets':[{'name':'pull'}],'volumes':[{'configMap':{'name':'cm1'}},"
                + "{'secret':{'secretName':'s1'}},{'projected':{'sources':[{'configMap':{'name':'cm2'}},"
                + "{'secret':{'name':'s2'}}]}}],'initContainers':[{'envFrom':[{'configMapRef':{'name':'cm3'}}]}],"
                + "'containers':[{'envFrom':[{'secretRef':{'name':'s3'}}],'env':[{'valueFrom':"
                + "{'configMapKeyRef':{'name':'cm1','key':'k'}}},{'valueFrom':{'secretKeyRef':{'name':'s4'}}}]}]}}}}");
        assertThat(Dependencies.of(workload)).extracting(r -> r.kind() + "/" + r.name())
                .containsExactly("ConfigMap/cm1", "ConfigMap/cm2", "ConfigMap/cm3", "Secret/pull", "Secret/s1",
                        "Secret/s2", "Secret/s3", "Secret/s4");
    }
}
