package dev.flotilla.propagation;

import dev.flotilla.api.v1alpha1.PropagationSpec;
import dev.flotilla.api.v1alpha1.ResourceBindingSpec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BindingSpecsTest {

    @Test
    void workloadGetsReplicasSummedRequestsAndThePoliciesPlacement() {
        var template = Yaml.json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web',"
                + "'namespace':'shop','uid':'u-1'},'spec':{'replicas':12,'template':{'spec':{'containers':["
                + "{'name':'a','resources':{'requests':{'cpu':'250m','memory':'128Mi'}}},"
                + "{'name':'b','resources':{'requests':{'cpu':'250m'}}}]}}}}");
        var policy = new PolicyCandidate(false, "shop", "p", Yaml.as("{'resourceSelectors':[{'apiVersion':"
                + "'apps/v1','kind':'Deployment'}],'placement':{'clusterAffinity':{'clusterNames':['m1']}},"
                + "'conflictResolution':'Overwrite'}", PropagationSpec.class));
        ResourceBindingSpec spec = BindingSpecs.build(template, policy);
        assertThat(spec.getResource().getName()).isEqualTo("web");
        assertThat(spec.getResource().getNamespace()).isEqualTo("shop");
        assertThat(spec.getResource().getUid()).isEqualTo("u-1");
        assertThat(spec.getReplicas()).isEqualTo(12);
        var request = spec.getReplicaRequirements().getResourceRequest();
        assertThat(request.get("cpu").getNumericalAmount()).isEqualByComparingTo("0.5");
        assertThat(request.get("memory").toString()).isEqualTo("128Mi");
        assertThat(spec.getPlacement().getClusterAffinity().getClusterNames()).containsExactly("m1");
        assertThat(spec.getConflictResolution()).isEqualTo("Overwrite");
        assertThat(spec.getClusters()).isNull();
    }

    @Test
    void kindsWithoutReplicasHaveNone() {
        var service = Yaml.json("{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'shop'},"
                + "'spec':{'replicas':3}}");
        ResourceBindingSpec spec = BindingSpecs.build(service, new PolicyCandidate(true, "", "p",
                new PropagationSpec()));
        assertThat(spec.getReplicas()).isNull();
        assertThat(spec.getReplicaRequirements()).isNull();
    }

    @Test
    void namesAreDeterministicAndShortEnough() {
        assertThat(Names.bindingName("web", "Deployment")).isEqualTo("web-deployment");
        assertThat(Names.workName("shop", "web-deployment")).isEqualTo("shop-web-deployment");
        String longName = Names.workName("a-very-long-namespace-name-for-testing", "and-a-long-binding-name-deployment");
        assertThat(longName).hasSizeLessThanOrEqualTo(63).startsWith("a-very-long-namespace")
                .isEqualTo(Names.workName("a-very-long-namespace-name-for-testing", "and-a-long-binding-name-deployment"))
                .isNotEqualTo(Names.workName("a-very-long-namespace-name-for-testing", "and-a-long-binding-name-service"));
    }
}
