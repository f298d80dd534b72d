package dev.flotilla.propagation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.flotilla.api.FlotillaApi;
import dev.flotilla.api.placement.PlacementMapping;
import dev.flotilla.api.v1alpha1.CommandArgsOverrider;
import dev.flotilla.api.v1alpha1.EnvOverrider;
import dev.flotilla.api.v1alpha1.ImageOverrider;
import dev.flotilla.api.v1alpha1.LabelAnnotationOverrider;
import dev.flotilla.api.v1alpha1.Overriders;
import dev.flotilla.api.v1alpha1.PlaintextOverrider;
import dev.flotilla.api.v1alpha1.ResourceSelector;
import dev.flotilla.api.v1alpha1.RuleWithCluster;
import dev.flotilla.placement.ClusterInfo;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.zjsonpatch.JsonPatch;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders the manifest a member cluster gets for a resource template: a pure function of the template, the
 * cluster, its replica share and the override policies.
 *
 * <p>The steps, in order:
 * <ol>
 *   <li>server-set metadata goes (uid, resourceVersion, creationTimestamp, generation, managedFields, selfLink,
 *       deletion fields, finalizers, ownerReferences, the last-applied annotation, Flotilla's policy labels) and
 *       so does {@code status}; a Service loses its control-plane {@code clusterIP(s)} (unless headless) because the
 *       member allocates its own; the namespace stays;</li>
 *   <li>{@code spec.replicas} becomes the cluster's share, for replica-bearing kinds;</li>
 *   <li>the override policies that select the template apply: ClusterOverridePolicies first, then OverridePolicies
 *       of the template's namespace (so the narrower policy has the last word), each group in name order; within a
 *       policy its rules in the order written, and only those whose {@code targetCluster} selects the cluster
 *       (an unset targetCluster selects every cluster); within a rule the overriders in this order: image,
 *       command, args, env, labels, annotations, and the plaintext JSON patch last.</li>
 * </ol>
 */
public final class MemberManifests {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    private static final List<String> SERVER_SET = List.of("uid", "resourceVersion", "creationTimestamp",
            "generation", "managedFields", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds",
            "finalizers", "ownerReferences");
    private static final List<String> FLOTILLA_LABELS = List.of(FlotillaApi.LABEL_PROPAGATION_POLICY_NAME,
            FlotillaApi.LABEL_PROPAGATION_POLICY_NAMESPACE, FlotillaApi.LABEL_CLUSTER_PROPAGATION_POLICY_NAME);

    private MemberManifests() {
    }

    /**
     * The member manifest.
     *
     * @param template  the resource template as stored on the control plane
     * @param cluster   the member cluster
     * @param replicas  the cluster's share; null for kinds without replicas
     * @param overrides every override policy that might apply (the renderer picks the ones that select the
     *                  template and the cluster)
     * @throws RenderException when an override cannot be applied, naming the policy and the field
     */
    public static ObjectNode render(JsonNode template, MemberCluster cluster, Integer replicas,
                                    List<OverrideCandidate> overrides) {
        ObjectNode manifest = strip(template);
        if (replicas != null && TemplateKinds.hasReplicas(TemplateKinds.apiVersion(template),
                TemplateKinds.kind(template))) {
            ((ObjectNode) manifest.with("spec")).put("replicas", replicas);
        }
        for (OverrideCandidate policy : applicable(template, overrides)) {
            List<RuleWithCluster> rules = policy.spec().getOverrideRules();
            for (int i = 0; rules != null && i < rules.size(); i++) {
                RuleWithCluster rule = rules.get(i);
                if (rule == null || rule.getOverriders() == null || !targets(rule, cluster)) {
                    continue;
                }
                String where = policy.describe() + ": spec.overrideRules[" + i + "].overriders";
                manifest = apply(manifest, rule.getOverriders(), where);
            }
        }
        return manifest;
    }

    /** The template without server-set metadata and status, as a member should receive it. */
    public static ObjectNode strip(JsonNode template) {
        ObjectNode manifest = template.deepCopy();
        manifest.remove("status");
        ObjectNode metadata = (ObjectNode) manifest.with("metadata");
        metadata.remove(SERVER_SET);
        if (metadata.get("annotations") instanceof ObjectNode annotations) {
            annotations.remove(LAST_APPLIED);
            if (annotations.isEmpty()) {
                metadata.remove("annotations");
            }
        }
        if (metadata.get("labels") instanceof ObjectNode labels) {
            labels.remove(FLOTILLA_LABELS);
            if (labels.isEmpty()) {
                metadata.remove("labels");
            }
        }
        if (TemplateKinds.kind(manifest).equals("Service") && manifest.get("spec") instanceof ObjectNode spec
                && !"None".equals(spec.path("clusterIP").asText())) {
            spec.remove(List.of("clusterIP", "clusterIPs"));
        }
        return manifest;
    }

    /** The override policies that select the template, in the order they apply. */
    static List<OverrideCandidate> applicable(JsonNode template, List<OverrideCandidate> overrides) {
        String namespace = TemplateKinds.namespace(template);
        return overrides.stream()
                .filter(p -> p.spec() != null)
                .filter(p -> p.clusterScoped() || p.namespace().equals(namespace))
                .filter(p -> selects(p.spec().getResourceSelectors(), template))
                .sorted(Comparator.comparing((OverrideCandidate p) -> !p.clusterScoped())
                        .thenComparing(OverrideCandidate::name))
                .toList();
    }

    /** No selectors select everything in the policy's scope, as in Karmada. */
    private static boolean selects(List<ResourceSelector> selectors, JsonNode template) {
        if (selectors == null || selectors.isEmpty()) {
            return true;
        }
        return selectors.stream().anyMatch(s -> PolicyMatcher.selectorStrength(s, template)
                != PolicyMatcher.Strength.NONE);
    }

    private static boolean targets(RuleWithCluster rule, MemberCluster cluster) {
        if (rule.getTargetCluster() == null) {
            return true;
        }
        ClusterInfo info = new ClusterInfo(cluster.name(), cluster.labels(), List.of(), true, null, null);
        return PlacementMapping.toEngine(rule.getTargetCluster()).matches(info);
    }

    private static ObjectNode apply(ObjectNode manifest, Overriders overriders, String where) {
        each(overriders.getImageOverrider(), where + ".imageOverrider",
                (o, at) -> images(manifest, o, at));
        each(overriders.getCommandOverrider(), where + ".commandOverrider",
                (o, at) -> commandOrArgs(manifest, o, "command", at));
        each(overriders.getArgsOverrider(), where + ".argsOverrider",
                (o, at) -> commandOrArgs(manifest, o, "args", at));
        each(overriders.getEnvOverrider(), where + ".envOverrider", (o, at) -> env(manifest, o, at));
        each(overriders.getLabelsOverrider(), where + ".labelsOverrider",
                (o, at) -> keyValues(manifest, "labels", o, at));
        each(overriders.getAnnotationsOverrider(), where + ".annotationsOverrider",
                (o, at) -> keyValues(manifest, "annotations", o, at));
        ObjectNode result = manifest;
        List<PlaintextOverrider> plaintext = overriders.getPlaintext();
        for (int i = 0; plaintext != null && i < plaintext.size(); i++) {
            result = patch(result, plaintext.get(i), where + ".plaintext[" + i + "]");
        }
        return result;
    }

    private interface Step<T> {
        void apply(T overrider, String at);
    }

    private static <T> void each(List<T> overriders, String where, Step<T> step) {
        for (int i = 0; overriders != null && i < overriders.size(); i++) {
            if (overriders.get(i) != null) {
                step.apply(overriders.get(i), where + "[" + i + "]");
            }
        }
    }

    // ---------------------------------------------------------------- image

    private static void images(ObjectNode manifest, ImageOverrider overrider, String at) {
        if (overrider.getPredicate() != null && overrider.getPredicate().getPath() != null
                && !overrider.getPredicate().getPath().isEmpty()) {
            String path = overrider.getPredicate().getPath();
            JsonNode image = manifest.at(path);
            if (!image.isTextual()) {
                throw new RenderException(at + ".predicate.path: \"" + path + "\" is not an image string in "
                        + describe(manifest));
            }
            int slash = path.lastIndexOf('/');
            JsonNode parent = manifest.at(path.substring(0, slash));
            ((ObjectNode) parent).put(path.substring(slash + 1), overrideImage(image.asText(), overrider, at));
            return;
        }
        for (ObjectNode container : containers(manifest, true)) {
            if (container.path("image").isTextual()) {
                container.put("image", overrideImage(container.get("image").asText(), overrider, at));
            }
        }
    }

    /**
     * One image component changed: {@code add} appends the value to the component (or sets it when absent),
     * {@code replace} sets it, {@code remove} clears it (a repository cannot be removed).
     */
    static String overrideImage(String image, ImageOverrider overrider, String at) {
        ImageReference ref = ImageReference.parse(image);
        String operator = String.valueOf(overrider.getOperator());
        String value = overrider.getValue() == null ? "" : overrider.getValue();
        String component = String.valueOf(overrider.getComponent());
        String current = switch (component) {
            case "Registry" -> ref.registry();
            case "Repository" -> ref.repository();
            case "Tag" -> ref.tag();
            default -> throw new RenderException(at + ".component: unsupported value \"" + component
                    + "\": must be Registry, Repository or Tag");
        };
        String next = switch (operator) {
            case "add" -> current + value;
            case "replace" -> value;
            case "remove" -> {
                if (component.equals("Repository")) {
                    throw new RenderException(at + ".operator: remove is not allowed for the Repository component");
                }
                yield "";
            }
            default -> throw new RenderException(at + ".operator: unsupported value \"" + operator
                    + "\": must be add, remove or replace");
        };
        if (!operator.equals("remove") && next.isEmpty()) {
            throw new RenderException(at + ".value: required for " + operator);
        }
        return switch (component) {
            case "Registry" -> new ImageReference(next, ref.repository(), ref.tag(), ref.digest()).toString();
            case "Repository" -> new ImageReference(ref.registry(), next, ref.tag(), ref.digest()).toString();
            default -> new ImageReference(ref.registry(), ref.repository(), next, ref.digest()).toString();
        };
    }

    // ---------------------------------------------------------------- command, args, env

    private static void commandOrArgs(ObjectNode manifest, CommandArgsOverrider overrider, String field,
                                      String at) {
        String operator = String.valueOf(overrider.getOperator());
        List<String> values = overrider.getValue() == null ? List.of() : overrider.getValue();
        for (ObjectNode container : named(manifest, overrider.getContainerName())) {
            ArrayNode list = container.withArray(field);
            switch (operator) {
                case "add" -> values.forEach(list::add);
                case "remove" -> {
                    for (int i = list.size() - 1; i >= 0; i--) {
                        if (values.contains(list.get(i).asText())) {
                            list.remove(i);
                        }
                    }
                }
                default -> throw new RenderException(at + ".operator: unsupported value \"" + operator
                        + "\": must be add or remove");
            }
            if (list.isEmpty()) {
                container.remove(field);
            }
        }
    }

    private static void env(ObjectNode manifest, EnvOverrider overrider, String at) {
        String operator = String.valueOf(overrider.getOperator());
        List<EnvVar> values = overrider.getValue() == null ? List.of() : overrider.getValue();
        for (ObjectNode container : named(manifest, overrider.getContainerName())) {
            ArrayNode env = container.withArray("env");
            for (int v = 0; v < values.size(); v++) {
                EnvVar var = values.get(v);
                if (var == null || var.getName() == null || var.getName().isEmpty()) {
                    throw new RenderException(at + ".value[" + v + "].name: required");
                }
                int index = indexOfName(env, var.getName());
                ObjectNode wanted = MAPPER.valueToTree(var);
                switch (operator) {
                    case "add" -> {
                        if (index >= 0) {
                            env.set(index, wanted);
                        } else {
                            env.add(wanted);
                        }
                    }
                    case "replace" -> {
                        if (index >= 0) {
                            env.set(index, wanted);
                        }
                    }
                    case "remove" -> {
                        if (index >= 0) {
                            env.remove(index);
                        }
                    }
                    default -> throw new RenderException(at + ".operator: unsupported value \"" + operator
                            + "\": must be add, remove or replace");
                }
            }
            if (env.isEmpty()) {
                container.remove("env");
            }
        }
    }

    private static int indexOfName(ArrayNode list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (name.equals(list.get(i).path("name").asText(null))) {
                return i;
            }
        }
        return -1;
    }

    /** The containers (and, with {@code withInit}, init containers) of a workload's pod template or a Pod. */
    static List<ObjectNode> containers(JsonNode manifest, boolean withInit) {
        JsonNode podSpec = podSpec(manifest);
        java.util.ArrayList<ObjectNode> result = new java.util.ArrayList<>();
        List<String> fields = withInit ? List.of("initContainers", "containers") : List.of("containers");
        for (String field : fields) {
            for (JsonNode container : podSpec.path(field)) {
                if (container instanceof ObjectNode object) {
                    result.add(object);
                }
            }
        }
        return result;
    }

    static JsonNode podSpec(JsonNode manifest) {
        if (TemplateKinds.kind(manifest).equals("Pod")) {
            return manifest.path("spec");
        }
        return manifest.path("spec").path("template").path("spec");
    }

    private static List<ObjectNode> named(ObjectNode manifest, String containerName) {
        return containers(manifest, true).stream()
                .filter(c -> c.path("name").asText("").equals(containerName)).toList();
    }

    // ---------------------------------------------------------------- labels, annotations, JSON patch

    /** add sets each key, replace changes only keys that exist, remove drops the keys. */
    private static void keyValues(ObjectNode manifest, String field, LabelAnnotationOverrider overrider, String at) {
        ObjectNode metadata = (ObjectNode) manifest.with("metadata");
        ObjectNode map = (ObjectNode) metadata.with(field);
        Map<String, String> values = overrider.getValue() == null ? Map.of() : overrider.getValue();
        String operator = String.valueOf(overrider.getOperator());
        for (Map.Entry<String, String> entry : values.entrySet()) {
            switch (operator) {
                case "add" -> map.put(entry.getKey(), entry.getValue());
                case "replace" -> {
                    if (map.has(entry.getKey())) {
                        map.put(entry.getKey(), entry.getValue());
                    }
                }
                case "remove" -> map.remove(entry.getKey());
                default -> throw new RenderException(at + ".operator: unsupported value \"" + operator
                        + "\": must be add, remove or replace");
            }
        }
        if (map.isEmpty()) {
            metadata.remove(field);
        }
    }

    private static ObjectNode patch(ObjectNode manifest, PlaintextOverrider overrider, String at) {
        if (overrider == null) {
            return manifest;
        }
        String operator = String.valueOf(overrider.getOperator());
        if (!List.of("add", "remove", "replace").contains(operator)) {
            throw new RenderException(at + ".operator: unsupported value \"" + operator
                    + "\": must be add, remove or replace");
        }
        if (overrider.getPath() == null || !overrider.getPath().startsWith("/")) {
            throw new RenderException(at + ".path: must be a JSON pointer starting with /, got \""
                    + overrider.getPath() + "\"");
        }
        ObjectNode operation = JsonNodeFactory.instance.objectNode();
        operation.put("op", operator);
        operation.set("path", TextNode.valueOf(overrider.getPath()));
        if (!operator.equals("remove")) {
            operation.set("value", overrider.getValue() == null ? JsonNodeFactory.instance.nullNode()
                    : overrider.getValue());
        }
        ArrayNode patch = JsonNodeFactory.instance.arrayNode().add(operation);
        try {
            JsonNode patched = JsonPatch.apply(patch, manifest);
            if (!(patched instanceof ObjectNode object)) {
                throw new RenderException(at + ": the patch must leave an object");
            }
            return object;
        } catch (RuntimeException e) {
            if (e instanceof RenderException re) {
                throw re;
            }
            throw new RenderException(at + ": cannot " + operator + " " + overrider.getPath() + " in "
                    + describe(manifest) + ": " + e.getMessage(), e);
        }
    }

    private static String describe(JsonNode manifest) {
        String namespace = TemplateKinds.namespace(manifest);
        return TemplateKinds.kind(manifest) + " " + (namespace.isEmpty() ? "" : namespace + "/")
                + TemplateKinds.name(manifest);
    }
}
