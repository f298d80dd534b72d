package dev.flotilla.apimachinery.protobuf;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The scalar fields that are pointers in the Kubernetes Go types, where a zero value is meaningful and must
 * survive decoding ({@code replicas: 0}, {@code immutable: false}, {@code runAsUser: 0}, {@code
 * storageClassName: ""}). Every other scalar is a non-pointer {@code omitempty} field, which a JSON body
 * would not carry when zero. Our own table, written from the Kubernetes API types of the kinds served.
 */
final class PointerFields {

    private static final Set<String> FIELDS = new HashSet<>();

    static {
        add("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta", "deletionGracePeriodSeconds");
        add("k8s.io.apimachinery.pkg.apis.meta.v1.OwnerReference", "controller", "blockOwnerDeletion");
        add("k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta", "remainingItemCount");

        String core = "k8s.io.api.core.v1.";
        add(core + "ConfigMap", "immutable");
        add(core + "Secret", "immutable");
        add(core + "ServiceAccount", "automountServiceAccountToken");
        add(core + "PodSpec", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "automountServiceAccountToken",
                "shareProcessNamespace", "priority", "enableServiceLinks", "preemptionPolicy", "runtimeClassName",
                "setHostnameAsFQDN", "hostUsers");
        add(core + "Container", "restartPolicy");
        add(core + "EphemeralContainerCommon", "restartPolicy");
        add(core + "SecurityContext", "privileged", "runAsUser", "runAsGroup", "runAsNonRoot", "readOnlyRootFilesystem",
                "allowPrivilegeEscalation", "procMount");
        add(core + "PodSecurityContext", "runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "fsGroupChangePolicy",
                "supplementalGroupsPolicy", "seLinuxChangePolicy");
        add(core + "WindowsSecurityContextOptions", "gmsaCredentialSpecName", "gmsaCredentialSpec", "runAsUserName",
                "hostProcess");
        add(core + "SeccompProfile", "localhostProfile");
        add(core + "AppArmorProfile", "localhostProfile");
        for (String selector : List.of("ConfigMapKeySelector", "SecretKeySelector", "ConfigMapEnvSource",
                "SecretEnvSource", "ConfigMapProjection", "SecretProjection")) {
            add(core + selector, "optional");
        }
        add(core + "ConfigMapVolumeSource", "optional", "defaultMode");
        add(core + "SecretVolumeSource", "optional", "defaultMode");
        add(core + "ProjectedVolumeSource", "defaultMode");
        add(core + "DownwardAPIVolumeSource", "defaultMode");
        add(core + "KeyToPath", "mode");
        add(core + "DownwardAPIVolumeFile", "mode");
        add(core + "ServiceAccountTokenProjection", "expirationSeconds");
        add(core + "CSIVolumeSource", "readOnly");
        add(core + "HostPathVolumeSource", "type");
        add(core + "Toleration", "tolerationSeconds");
        add(core + "TopologySpreadConstraint", "minDomains", "nodeAffinityPolicy", "nodeTaintsPolicy");
        add(core + "Probe", "terminationGracePeriodSeconds");
        add(core + "ServiceSpec", "allocateLoadBalancerNodePorts", "loadBalancerClass", "internalTrafficPolicy",
                "ipFamilyPolicy", "trafficDistribution");
        add(core + "ClientIPConfig", "timeoutSeconds");
        add(core + "LoadBalancerIngress", "ipMode");
        add(core + "PersistentVolumeClaimSpec", "storageClassName", "volumeMode", "volumeAttributesClassName");

        String apps = "k8s.io.api.apps.v1.";
        add(apps + "DeploymentSpec", "replicas", "revisionHistoryLimit", "progressDeadlineSeconds");
        add(apps + "ReplicaSetSpec", "replicas");
        add(apps + "StatefulSetSpec", "replicas", "revisionHistoryLimit");
        add(apps + "DaemonSetSpec", "revisionHistoryLimit");
        add(apps + "RollingUpdateStatefulSetStrategy", "partition");
        add(apps + "DeploymentStatus", "collisionCount");
        add(apps + "StatefulSetStatus", "collisionCount");
        add(apps + "DaemonSetStatus", "collisionCount");

        String batch = "k8s.io.api.batch.v1.";
        add(batch + "JobSpec", "parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
                "backoffLimitPerIndex", "maxFailedIndexes", "ttlSecondsAfterFinished", "manualSelector", "suspend",
                "completionMode", "podReplacementPolicy", "managedBy");
        add(batch + "CronJobSpec", "startingDeadlineSeconds", "suspend", "successfulJobsHistoryLimit",
                "failedJobsHistoryLimit", "timeZone");
        add(batch + "JobStatus", "ready", "terminating");

        add("k8s.io.api.autoscaling.v1.HorizontalPodAutoscalerSpec", "minReplicas", "targetCPUUtilizationPercentage");
        add("k8s.io.api.networking.v1.IngressSpec", "ingressClassName");
        add("k8s.io.api.networking.v1.HTTPIngressPath", "pathType");
    }

    private PointerFields() {
    }

    static boolean isPointer(String messageFullName, String field) {
        return FIELDS.contains(messageFullName + "." + field);
    }

    private static void add(String message, String... fields) {
        for (String field : fields) {
            FIELDS.add(message + "." + field);
        }
    }
}
