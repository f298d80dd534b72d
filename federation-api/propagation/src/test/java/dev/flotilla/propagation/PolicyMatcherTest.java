package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.api.v1alpha1.PropagationSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyMatcherTest {

    private static final ObjectNode WEB = Yaml.json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':"
            + "{'name':'web','namespace':'shop','labels':{'app':'web','tier':'front'}}}");

    private static PolicyCandidate pp(String name, String spec) {
        return new PolicyCandidate(false, "shop", name, Yaml.as(spec, PropagationSpec.class));
    }

    private static PolicyCandidate cpp(String name, String spec) {
        return new PolicyCandidate(true, null, name, Yaml.as(spec, PropagationSpec.class));
    }

    private static final String BY_KIND = "{'resourceSelectors':[{'apiVersion':'apps/v1','kind':'Deployment'}]}";
    private static final String BY_NAME =
            "{'resourceSelectors':[{'apiVersion':'apps/v1','kind':'Deployment','name':'web'}]}";
    private static final String BY_LABEL = "{'resourceSelectors':[{'apiVersion':'apps/v1','kind':'Deployment',"
            + "'labelSelector':{'matchExpressions':[{'key':'tier','operator':'In','values':['front']}]}}]}";

    private static String winner(List<PolicyCandidate> policies) {
        return PolicyMatcher.match(WEB, policies).map(m -> m.policy().qualifiedName()).orElse("none");
    }

    @Test
    void namespacedPolicyBeatsClusterPolicyWhateverThePriority() {
        assertThat(winner(List.of(cpp("global", "{'priority':100," + BY_NAME.substring(1)),
                pp("local", BY_KIND)))).isEqualTo("shop/local");
    }

    @Test
    void priorityThenNameOverLabelsOverKindThenNameOrder() {
        assertThat(winner(List.of(pp("a-kind", BY_KIND), pp("b-label", BY_LABEL), pp("c-name", BY_NAME))))
                .isEqualTo("shop/c-name");
        assertThat(winner(List.of(pp("a-kind", BY_KIND), pp("b-label", BY_LABEL)))).isEqualTo("shop/b-label");
        assertThat(winner(List.of(pp("z-kind", "{'priority':5," + BY_KIND.substring(1)), pp("c-name", BY_NAME))))
                .isEqualTo("shop/z-kind");
        assertThat(winner(List.of(pp("b", BY_KIND), pp("a", BY_KIND)))).isEqualTo("shop/a");
    }

    @Test
    void selectorsThatDoNotFitLeaveTheTemplateUnmatched() {
        assertThat(winner(List.of(
                pp("other-name", "{'resourceSelectors':[{'apiVersion':'apps/v1','kind':'Deployment','name':'api'}]}"),
                pp("other-kind", "{'resourceSelectors':[{'apiVersion':'v1','kind':'Service'}]}"),
                pp("other-version", "{'resourceSelectors':[{'apiVersion':'apps/v1beta1','kind':'Deployment'}]}"),
                pp("labels", "{'resourceSelectors':[{'apiVersion':'apps/v1','kind':'Deployment',"
                        + "'labelSelector':{'matchLabels':{'app':'api'}}}]}"),
                new PolicyCandidate(false, "other", "elsewhere", Yaml.as(BY_KIND, PropagationSpec.class)),
                cpp("other-ns", "{'resourceSelectors':[{'apiVersion':'apps/v1','kind':'Deployment',"
                        + "'namespace':'prod'}]}")))).isEqualTo("none");
    }

    @Test
    void namespacesAreMatchedOnlyByClusterPolicies() {
        ObjectNode ns = Yaml.json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'shop'}}");
        String spec = "{'resourceSelectors':[{'apiVersion':'v1','kind':'Namespace','name':'shop'}]}";
        assertThat(PolicyMatcher.match(ns, List.of(new PolicyCandidate(false, "", "x",
                Yaml.as(spec, PropagationSpec.class))))).isEmpty();
        assertThat(PolicyMatcher.match(ns, List.of(cpp("ns", spec))).orElseThrow().strength())
                .isEqualTo(PolicyMatcher.Strength.NAME);
    }
}
