package dev.flotilla.server.join;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.flotilla.propagation.TemplateKinds;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kubernetes objects that run one member cluster's agent inside that cluster: its namespace, ServiceAccount and
 * least-privilege RBAC, the Secret with its bootstrap token, and its Deployment. Pure: values in, objects out.
 *
 * <p>{@code flotilla join} prints them for a new member; {@code deploy/kustomize/agent/base} holds them for
 * {@link #placeholder()} values (the deploy module's tests keep the two identical).
 *
 * <p>The RBAC follows what the agent does (member-cluster-agent/core):
 * <ul>
 *   <li>role {@code flotilla-agent}: list Nodes (capacity, topology) and Pods (requested resources), list and watch
 *       EndpointSlices (a Service's ready endpoints), get and create Namespaces (a Work's target namespace);</li>
 *   <li>Role {@code flotilla-agent} in {@code kube-system}: its identity and kind inventory ConfigMaps;</li>
 *   <li>Role {@code flotilla-agent-state} in {@code flotilla-system}: get and update of the one Secret that keeps
 *       its agent token ({@link #STATE_SECRET}, created here empty, because {@code create} cannot be limited by
 *       name), so the member keeps its identity when the agent's pod moves and the bootstrap token may expire;</li>
 *   <li>role {@code flotilla-agent-workloads}: get, list, watch, create, update and delete the kinds the control
 *       plane propagates ({@link TemplateKinds#PROPAGATABLE}) — a Work may hold only those unless this role is
 *       widened.</li>
 * </ul>
 * {@code /version} and API discovery need no rule: every authenticated user may read them.
 */
public final class AgentManifests {

    /** The member-side namespace of the agent. */
    public static final String NAMESPACE = "flotilla-system";
    /** The name of the agent's Deployment, ServiceAccount and roles. */
    public static final String NAME = "flotilla-agent";
    /** The Secret holding the bootstrap token. */
    public static final String BOOTSTRAP_SECRET = "flotilla-agent-bootstrap";
    /** Where the agent reads its bootstrap token. */
    public static final String TOKEN_FILE = "/etc/flotilla/bootstrap/token";
    /** The Secret that keeps the agent's state (its agent token), created empty; the agent fills it. */
    public static final String STATE_SECRET = "flotilla-agent-state";
    /** The label that marks {@link #STATE_SECRET} as an agent's state (the agent's {@code StateSecret.STATE_LABEL}). */
    public static final String STATE_LABEL = "flotilla.dev/agent-state";
    /** The health port (probes). */
    public static final int HEALTH_PORT = 8081;
    /** The image repository of the agent; the tag is the Flotilla version. */
    public static final String IMAGE_REPOSITORY = "flotilla-agent";

    /** The ConfigMaps in kube-system the agent keeps its identity and kind inventory in. */
    static final List<String> STATE_CONFIG_MAPS = List.of("flotilla-member-id", "flotilla-applied-kinds");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES));

    private AgentManifests() {
    }

    /**
     * One member's agent.
     *
     * @param clusterName    the member's name in the federation
     * @param controlPlane   the control plane's URL as the agent reaches it from inside the member
     * @param region         the region label, or null to take the member's nodes' most common one
     * @param zone           the zone label, or null to take the member's nodes' most common one
     * @param image          the agent's image
     * @param bootstrapToken the bootstrap token it registers with
     */
    public record Member(String clusterName, URI controlPlane, String region, String zone, String image,
                         String bootstrapToken) {
        /** Checks that nothing required is missing. */
        public Member {
            Objects.requireNonNull(clusterName, "clusterName");
            Objects.requireNonNull(controlPlane, "controlPlane");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(bootstrapToken, "bootstrapToken");
        }
    }

    /**
     * The values {@code deploy/kustomize/agent/base} is rendered with: a Kustomize overlay replaces them.
     *
     * @param version the Flotilla version (the image tag)
     * @return the placeholder member
     */
    public static Member placeholder(String version) {
        return new Member("member-1", URI.create("https://flotilla.example.com:8080"), null, null,
                image(version), "REPLACE-WITH-A-BOOTSTRAP-TOKEN");
    }

    /**
     * The agent's image for a Flotilla version.
     *
     * @param version e.g. {@code 0.1.0}
     * @return e.g. {@code flotilla-agent:0.1.0}
     */
    public static String image(String version) {
        return IMAGE_REPOSITORY + ":" + version;
    }

    /**
     * The objects, in the order they should be applied.
     *
     * @param member the member
     * @return Namespace, ServiceAccount, ClusterRoles, ClusterRoleBindings, Roles and RoleBindings (kube-system, then
     *     the agent's namespace), the bootstrap and state Secrets, Deployment
     */
    public static List<ObjectNode> objects(Member member) {
        List<ObjectNode> objects = new ArrayList<>();
        ObjectNode namespace = object("v1", "Namespace", NAMESPACE, null);
        // Shared with the control plane when it runs in a member too: only labels both agree on.
        labels(namespace).remove("app.kubernetes.io/name");
        labels(namespace).put("pod-security.kubernetes.io/enforce", "restricted");
        objects.add(namespace);
        objects.add(object("v1", "ServiceAccount", NAME, NAMESPACE));
        objects.add(agentClusterRole());
        objects.add(workloadsClusterRole());
        objects.add(binding("ClusterRoleBinding", NAME, null, "ClusterRole", NAME));
        objects.add(binding("ClusterRoleBinding", NAME + "-workloads", null, "ClusterRole", NAME + "-workloads"));
        objects.add(stateRole());
        objects.add(binding("RoleBinding", NAME, "kube-system", "Role", NAME));
        objects.add(stateSecretRole());
        objects.add(binding("RoleBinding", STATE_SECRET, NAMESPACE, "Role", STATE_SECRET));
        objects.add(bootstrapSecret(member));
        objects.add(stateSecret());
        objects.add(deployment(member));
        return objects;
    }

    /**
     * The objects as one multi-document YAML stream, ready for {@code kubectl apply -f -}.
     *
     * @param member the member
     * @return the YAML
     */
    public static String yaml(Member member) {
        StringBuilder out = new StringBuilder();
        for (ObjectNode object : objects(member)) {
            out.append("---\n");
            try {
                out.append(YAML.writeValueAsString(object));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write YAML", e);
            }
        }
        return out.toString();
    }

    private static ObjectNode agentClusterRole() {
        ObjectNode role = object("rbac.authorization.k8s.io/v1", "ClusterRole", NAME, null);
        ArrayNode rules = role.putArray("rules");
        rule(rules, "", List.of("nodes", "pods"), List.of("list"));
        rule(rules, "discovery.k8s.io", List.of("endpointslices"), List.of("list", "watch"));
        rule(rules, "", List.of("namespaces"), List.of("get", "create"));
        return role;
    }

    private static ObjectNode workloadsClusterRole() {
        ObjectNode role = object("rbac.authorization.k8s.io/v1", "ClusterRole", NAME + "-workloads", null);
        Map<String, TreeSet<String>> byGroup = new TreeMap<>();
        for (TemplateKinds.Kind kind : TemplateKinds.PROPAGATABLE) {
            byGroup.computeIfAbsent(kind.group(), g -> new TreeSet<>()).add(kind.plural());
        }
        ArrayNode rules = role.putArray("rules");
        byGroup.forEach((group, plurals) -> rule(rules, group, List.copyOf(plurals),
                List.of("get", "list", "watch", "create", "update", "delete")));
        return role;
    }

    private static ObjectNode stateRole() {
        ObjectNode role = object("rbac.authorization.k8s.io/v1", "Role", NAME, "kube-system");
        ArrayNode rules = role.putArray("rules");
        // create cannot be limited by name (the name is not known when it is authorized).
        rule(rules, "", List.of("configmaps"), List.of("create"));
        ObjectNode named = rule(rules, "", List.of("configmaps"), List.of("get", "update"));
        ArrayNode names = NODES.arrayNode();
        STATE_CONFIG_MAPS.forEach(names::add);
        named.set("resourceNames", names);
        return role;
    }

    private static ObjectNode stateSecretRole() {
        ObjectNode role = object("rbac.authorization.k8s.io/v1", "Role", STATE_SECRET, NAMESPACE);
        ObjectNode named = rule(role.putArray("rules"), "", List.of("secrets"), List.of("get", "update"));
        named.putArray("resourceNames").add(STATE_SECRET);
        return role;
    }

    private static ObjectNode stateSecret() {
        // No data: the agent writes its token into it at its first registration. kubectl apply of these
        // manifests again leaves that token alone (it never was part of what was applied).
        ObjectNode secret = object("v1", "Secret", STATE_SECRET, NAMESPACE);
        labels(secret).put(STATE_LABEL, "true");
        secret.put("type", "Opaque");
        return secret;
    }

    private static ObjectNode binding(String kind, String name, String namespace, String roleKind, String roleName) {
        ObjectNode binding = object("rbac.authorization.k8s.io/v1", kind, name, namespace);
        binding.putArray("subjects").addObject().put("kind", "ServiceAccount").put("name", NAME)
                .put("namespace", NAMESPACE);
        binding.putObject("roleRef").put("apiGroup", "rbac.authorization.k8s.io").put("kind", roleKind)
                .put("name", roleName);
        return binding;
    }

    private static ObjectNode bootstrapSecret(Member member) {
        ObjectNode secret = object("v1", "Secret", BOOTSTRAP_SECRET, NAMESPACE);
        secret.put("type", "Opaque");
        secret.putObject("stringData").put("token", member.bootstrapToken());
        return secret;
    }

    private static ObjectNode deployment(Member member) {
        ObjectNode deployment = object("apps/v1", "Deployment", NAME, NAMESPACE);
        ObjectNode spec = deployment.putObject("spec");
        spec.put("replicas", 1);
        // Never two agents for one member at once, not even during a rollout.
        spec.putObject("strategy").put("type", "Recreate");
        spec.putObject("selector").set("matchLabels", selector());
        ObjectNode template = spec.putObject("template");
        template.putObject("metadata").set("labels", selector());
        ObjectNode pod = template.putObject("spec");
        pod.put("serviceAccountName", NAME);
        pod.putObject("securityContext").put("runAsNonRoot", true).put("runAsUser", 65532).put("runAsGroup", 65532)
                .putObject("seccompProfile").put("type", "RuntimeDefault");
        ObjectNode container = pod.putArray("containers").addObject();
        container.put("name", "agent");
        container.put("image", member.image());
        container.put("imagePullPolicy", "IfNotPresent");
        ArrayNode args = container.putArray("args");
        args.add("--control-plane=" + member.controlPlane());
        args.add("--cluster-name=" + member.clusterName());
        if (member.region() != null) {
            args.add("--region=" + member.region());
        }
        if (member.zone() != null) {
            args.add("--zone=" + member.zone());
        }
        args.add("--token-file=" + TOKEN_FILE);
        args.add("--state-secret=" + NAMESPACE + "/" + STATE_SECRET);
        args.add("--health-port=" + HEALTH_PORT);
        container.putArray("ports").addObject().put("name", "health").put("containerPort", HEALTH_PORT)
                .put("protocol", "TCP");
        container.set("livenessProbe", probe("/q/health/live", 10, 3));
        container.set("readinessProbe", probe("/q/health/ready", 5, 2));
        ObjectNode resources = container.putObject("resources");
        resources.putObject("requests").put("cpu", "100m").put("memory", "256Mi");
        resources.putObject("limits").put("cpu", "1").put("memory", "512Mi");
        ObjectNode security = container.putObject("securityContext");
        security.put("allowPrivilegeEscalation", false).put("readOnlyRootFilesystem", true);
        security.putObject("capabilities").putArray("drop").add("ALL");
        ArrayNode mounts = container.putArray("volumeMounts");
        mounts.addObject().put("name", "bootstrap-token").put("mountPath", "/etc/flotilla/bootstrap")
                .put("readOnly", true);
        mounts.addObject().put("name", "tmp").put("mountPath", "/tmp");
        ArrayNode volumes = pod.putArray("volumes");
        volumes.addObject().put("name", "bootstrap-token").putObject("secret").put("secretName", BOOTSTRAP_SECRET);
        volumes.addObject().put("name", "tmp").putObject("emptyDir").put("sizeLimit", "64Mi");
        return deployment;
    }

    private static ObjectNode probe(String path, int period, int failures) {
        ObjectNode probe = NODES.objectNode();
        probe.putObject("httpGet").put("path", path).put("port", "health");
        probe.put("periodSeconds", period).put("timeoutSeconds", 3).put("failureThreshold", failures);
        return probe;
    }

    private static ObjectNode rule(ArrayNode rules, String group, List<String> resources, List<String> verbs) {
        ObjectNode rule = rules.addObject();
        rule.putArray("apiGroups").add(group);
        ArrayNode resourceList = rule.putArray("resources");
        resources.forEach(resourceList::add);
        ArrayNode verbList = rule.putArray("verbs");
        verbs.forEach(verbList::add);
        return rule;
    }

    private static ObjectNode selector() {
        return NODES.objectNode().put("app.kubernetes.io/name", NAME);
    }

    private static ObjectNode object(String apiVersion, String kind, String name, String namespace) {
        ObjectNode object = NODES.objectNode();
        object.put("apiVersion", apiVersion);
        object.put("kind", kind);
        ObjectNode metadata = object.putObject("metadata");
        metadata.put("name", name);
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        ObjectNode labels = metadata.putObject("labels");
        labels.put("app.kubernetes.io/name", NAME);
        labels.put("app.kubernetes.io/part-of", "flotilla");
        return object;
    }

    private static ObjectNode labels(ObjectNode object) {
        return (ObjectNode) object.path("metadata").path("labels");
    }
}
