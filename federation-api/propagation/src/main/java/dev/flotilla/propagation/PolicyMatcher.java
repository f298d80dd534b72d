package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.api.v1alpha1.ResourceSelector;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Picks the one propagation policy that governs a resource template, deterministically:
 * <ol>
 *   <li>a namespaced PropagationPolicy (only ones in the template's own namespace) wins over any
 *       ClusterPropagationPolicy;</li>
 *   <li>then the higher {@code spec.priority};</li>
 *   <li>then the stronger match: a selector naming the template, over a label-selector match, over a selector
 *       that only names the apiVersion and kind;</li>
 *   <li>then name order ({@code namespace/name} for namespaced policies).</li>
 * </ol>
 * A selector matches when apiVersion and kind are equal and, where set, namespace and name; when it has no name,
 * its label selector (if any) must match the template's labels. A namespaced policy's selector never reaches
 * outside its own namespace. A Namespace is matched only by ClusterPropagationPolicies.
 */
public final class PolicyMatcher {

    /** How specifically a selector picked the template; a stronger match wins a tie on priority. */
    public enum Strength { NONE, KIND, LABELS, NAME }

    /** The chosen policy and how strongly it matched. */
    public record Match(PolicyCandidate policy, Strength strength) {
    }

    private static final Comparator<Match> PREFERENCE = Comparator
            .comparing((Match m) -> m.policy().clusterScoped())
            .thenComparing(m -> -m.policy().priority())
            .thenComparing(m -> -m.strength().ordinal())
            .thenComparing(m -> m.policy().qualifiedName());

    private PolicyMatcher() {
    }

    /** The policy that governs {@code template}, if any of {@code policies} selects it. */
    public static Optional<Match> match(JsonNode template, List<PolicyCandidate> policies) {
        return policies.stream()
                .map(policy -> new Match(policy, strength(template, policy)))
                .filter(m -> m.strength() != Strength.NONE)
                .min(PREFERENCE);
    }

    /** How strongly the policy selects the template (its best selector), or NONE. */
    public static Strength strength(JsonNode template, PolicyCandidate policy) {
        String templateNamespace = TemplateKinds.namespace(template);
        boolean isNamespace = TemplateKinds.kind(template).equals("Namespace")
                && TemplateKinds.apiVersion(template).equals("v1");
        if (!policy.clusterScoped() && (isNamespace || !policy.namespace().equals(templateNamespace))) {
            return Strength.NONE;
        }
        if (policy.spec() == null || policy.spec().getResourceSelectors() == null) {
            return Strength.NONE;
        }
        Strength best = Strength.NONE;
        for (ResourceSelector selector : policy.spec().getResourceSelectors()) {
            Strength strength = selectorStrength(selector, template);
            if (strength.compareTo(best) > 0) {
                best = strength;
            }
        }
        return best;
    }

    /** How strongly one resource selector selects the template, or NONE. */
    public static Strength selectorStrength(ResourceSelector selector, JsonNode template) {
        if (selector == null || !TemplateKinds.apiVersion(template).equals(selector.getApiVersion())
                || !TemplateKinds.kind(template).equals(selector.getKind())) {
            return Strength.NONE;
        }
        if (notEmpty(selector.getNamespace()) && !selector.getNamespace().equals(TemplateKinds.namespace(template))) {
            return Strength.NONE;
        }
        if (notEmpty(selector.getName())) {
            return selector.getName().equals(TemplateKinds.name(template)) ? Strength.NAME : Strength.NONE;
        }
        if (selector.getLabelSelector() != null) {
            return Labels.matches(selector.getLabelSelector(), TemplateKinds.labels(template))
                    ? Strength.LABELS : Strength.NONE;
        }
        return Strength.KIND;
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

}
