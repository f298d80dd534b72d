package dev.flotilla.apimachinery.openapi;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our own table of the Kubernetes patch strategies and list semantics of the built-in kinds' fields: the
 * {@code patchStrategy} / {@code patchMergeKey} struct tags and {@code +listType} / {@code +listMapKey}
 * markers of the Kubernetes API types, written down for the fields of the kinds Flotilla serves. The
 * OpenAPI generator stamps them onto the schemas as {@code x-kubernetes-patch-strategy},
 * {@code x-kubernetes-patch-merge-key}, {@code x-kubernetes-list-type} and {@code x-kubernetes-list-map-keys};
 * strategic merge reads them back from there, so this is the single source of both.
 *
 * <p>Keys are {@code <schema name>.<json field>}, e.g. {@code io.k8s.api.core.v1.PodSpec.containers}.
 */
final class ListExtensions {

    /** One field's entry. Any part may be absent ({@code null}). */
    record Entry(String patchStrategy, String mergeKey, String listType, List<String> listMapKeys) {

        void applyTo(ObjectNode property) {
            if (patchStrategy != null) {
                property.put("x-kubernetes-patch-strategy", patchStrategy);
            }
            if (mergeKey != null) {
                property.put("x-kubernetes-patch-merge-key", mergeKey);
            }
            if (listType != null) {
                property.put("x-kubernetes-list-type", listType);
            }
            if (listMapKeys != null && !listMapKeys.isEmpty()) {
                listMapKeys.forEach(property.putArray("x-kubernetes-list-map-keys")::add);
            }
        }
    }

    private static final String CORE = "io.k8s.api.core.v1.";
    private static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    private static final String APPS = "io.k8s.api.apps.v1.";

    private static final Map<String, Entry> TABLE = new HashMap<>();

    static {
        for (String podSpec : List.of(CORE + "PodSpec")) {
            mergeByKey(podSpec + ".containers", "name", null);
            mergeByKey(podSpec + ".initContainers", "name", null);
            mergeByKey(podSpec + ".ephemeralContainers", "name", null);
            put(podSpec + ".volumes", new Entry("merge,retainKeys", "name", null, null));
            mergeByKey(podSpec + ".imagePullSecrets", "name", null);
            mergeByKey(podSpec + ".hostAliases", "ip", null);
            put(podSpec + ".topologySpreadConstraints",
                    new Entry("merge", "topologyKey", "map", List.of("topologyKey", "whenUnsatisfiable")));
            put(podSpec + ".resourceClaims", new Entry("merge,retainKeys", "name", "map", List.of("name")));
            put(podSpec + ".schedulingGates", new Entry("merge", "name", "map", List.of("name")));
            atomic(podSpec + ".tolerations");
            atomic(podSpec + ".readinessGates");
        }
        for (String container : List.of(CORE + "Container", CORE + "EphemeralContainer")) {
            mergeByKey(container + ".env", "name", null);
            put(container + ".ports", new Entry("merge", "containerPort", "map", List.of("containerPort", "protocol")));
            mergeByKey(container + ".volumeMounts", "mountPath", null);
            mergeByKey(container + ".volumeDevices", "devicePath", null);
            atomic(container + ".envFrom");
            atomic(container + ".resizePolicy");
        }
        put(CORE + "ServiceSpec.ports", new Entry("merge", "port", "map", List.of("port", "protocol")));
        atomic(CORE + "ServiceSpec.clusterIPs");
        atomic(CORE + "ServiceSpec.ipFamilies");
        mergeByKey(CORE + "ServiceAccount.secrets", "name", null);
        mergeByKey(CORE + "PodStatus.podIPs", "ip", null);
        mergeByKey(CORE + "PodStatus.hostIPs", "ip", null);
        mergeByKey(CORE + "NodeStatus.addresses", "type", null);
        put(CORE + "NodeSpec.podCIDRs", new Entry("merge", null, "set", null));

        put(META + "ObjectMeta.finalizers", new Entry("merge", null, "set", null));
        put(META + "ObjectMeta.ownerReferences", new Entry("merge", "uid", "map", List.of("uid")));
        atomic(META + "ObjectMeta.managedFields");

        put(APPS + "DeploymentSpec.strategy", new Entry("retainKeys", null, null, null));

        // Conditions merge by type everywhere they are declared that way in the API types.
        for (String status : List.of(CORE + "PodStatus", CORE + "NamespaceStatus", CORE + "NodeStatus",
                CORE + "PersistentVolumeClaimStatus", CORE + "ReplicationControllerStatus",
                APPS + "DeploymentStatus", APPS + "ReplicaSetStatus", APPS + "StatefulSetStatus", APPS + "DaemonSetStatus",
                "io.k8s.api.batch.v1.JobStatus")) {
            mergeByKey(status + ".conditions", "type", null);
        }
        for (String status : List.of(CORE + "ServiceStatus", "io.k8s.api.policy.v1.PodDisruptionBudgetStatus",
                "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerStatus")) {
            put(status + ".conditions", new Entry("merge", "type", "map", List.of("type")));
        }
    }

    private ListExtensions() {
    }

    static Optional<Entry> lookup(String schemaName, String field) {
        return Optional.ofNullable(TABLE.get(schemaName + "." + field));
    }

    private static void mergeByKey(String key, String mergeKey, String listType) {
        put(key, new Entry("merge", mergeKey, listType, null));
    }

    private static void atomic(String key) {
        put(key, new Entry(null, null, "atomic", null));
    }

    private static void put(String key, Entry entry) {
        TABLE.put(key, entry);
    }
}
