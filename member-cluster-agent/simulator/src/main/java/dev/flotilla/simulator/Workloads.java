package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The workload controllers of kube-controller-manager, simulated: Deployment → ReplicaSets (one per Pod template,
 * rolled over by {@link Rollout}), ReplicaSet → Pods, StatefulSet → Pods {@code <name>-<ordinal>}. Each keeps its
 * dependents' owner references and fills its status as Kubernetes does. The mock has no garbage collector, so a
 * dependent whose owner is gone is deleted here.
 */
final class Workloads {

    static final String REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
    static final String DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
    static final String STS_POD_NAME = "statefulset.kubernetes.io/pod-name";
    static final String STS_POD_INDEX = "apps.kubernetes.io/pod-index";
    static final String CONTROLLER_REVISION = "controller-revision-hash";
    private static final int DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
    private static final int DEFAULT_REVISION_HISTORY = 10;
    private static final System.Logger LOG = System.getLogger(Workloads.class.getName());

    private final ClusterContext ctx;

    Workloads(ClusterContext ctx) {
        this.ctx = ctx;
    }

    // --------------------------------------------------------------------------------------------- Deployment

    Duration reconcileDeployment(ObjectKey key) {
        String namespace = key.namespace();
        Deployment deployment = ctx.client.apps().deployments().inNamespace(namespace).withName(key.name()).get();
        List<ReplicaSet> all = ctx.client.apps().replicaSets().inNamespace(namespace).list().getItems();
        for (ReplicaSet rs : all) {
            boolean orphan = Meta.isControlledBy(rs, "Deployment", key.name())
                    && (deployment == null || !Meta.isControlledBy(rs, deployment));
            if (orphan) {
                LOG.log(System.Logger.Level.DEBUG, () -> "deleting replicaset " + Meta.key(rs)
                        + ": its deployment is gone");
                deleteReplicaSet(rs);
            }
        }
        if (deployment == null || Meta.isTerminating(deployment)) {
            return null;
        }
        int desired = replicas(deployment.getSpec().getReplicas());
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        String hash = Templates.hash(template);
        List<ReplicaSet> owned = new ArrayList<>(all.stream()
                .filter(rs -> Meta.isControlledBy(rs, deployment) && !Meta.isTerminating(rs)).toList());
        ReplicaSet newRs = owned.stream()
                .filter(rs -> hash.equals(labels(rs.getMetadata().getLabels()).get(Templates.POD_TEMPLATE_HASH)))
                .findFirst().orElse(null);
        List<ReplicaSet> old = owned.stream().filter(rs -> rs != newRs)
                .sorted(Comparator.comparingLong(Workloads::revision)).toList();

        boolean recreate = deployment.getSpec().getStrategy() != null
                && "Recreate".equals(deployment.getSpec().getStrategy().getType());
        IntOrString maxSurge = null;
        IntOrString maxUnavailable = null;
        if (deployment.getSpec().getStrategy() != null && deployment.getSpec().getStrategy().getRollingUpdate() != null) {
            maxSurge = deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge();
            maxUnavailable = deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable();
        }
        Rollout.ReplicaSetState newState = newRs == null ? new Rollout.ReplicaSetState(deployment.getMetadata()
                .getName() + "-" + hash, 0, 0, 0) : stateOf(newRs);
        Map<String, Integer> plan = Rollout.plan(desired, recreate, maxSurge, maxUnavailable, newState,
                old.stream().map(Workloads::stateOf).toList());

        boolean created = false;
        boolean scaled = false;
        ReplicaSet current = newRs;
        if (current == null) {
            long revision = old.stream().mapToLong(Workloads::revision).max().orElse(0) + 1;
            current = createReplicaSet(deployment, template, hash, revision, plan.get(newState.name()), desired);
            owned.add(current);
            created = true;
        }
        for (ReplicaSet rs : owned) {
            Integer target = plan.get(rs.getMetadata().getName());
            if (target != null && target != replicas(rs.getSpec().getReplicas())) {
                scale(rs, target, desired);
                scaled = true;
            }
        }
        pruneHistory(deployment, old, plan);

        DeploymentStatus status = deploymentStatus(deployment, current, owned, desired, recreate, maxUnavailable,
                created, scaled);
        if (!Meta.sameContent(deployment.getStatus(), status)) {
            ctx.client.apps().deployments().inNamespace(namespace)
                    .resource(new DeploymentBuilder(deployment).withStatus(status).build()).updateStatus();
        }
        return progressCheckDelay(deployment, status);
    }

    private ReplicaSet createReplicaSet(Deployment deployment, PodTemplateSpec template, String hash, long revision,
                                        int replicas, int desired) {
        Map<String, String> podLabels = new LinkedHashMap<>(labels(template.getMetadata() == null ? null
                : template.getMetadata().getLabels()));
        podLabels.put(Templates.POD_TEMPLATE_HASH, hash);
        LabelSelector selector = new LabelSelectorBuilder(deployment.getSpec().getSelector())
                .addToMatchLabels(Templates.POD_TEMPLATE_HASH, hash).build();
        PodTemplateSpec podTemplate = new PodTemplateSpecBuilder(template).editOrNewMetadata()
                .withLabels(podLabels).endMetadata().build();
        ReplicaSet rs = new ReplicaSetBuilder()
                .withMetadata(new ObjectMetaBuilder()
                        .withName(deployment.getMetadata().getName() + "-" + hash)
                        .withNamespace(deployment.getMetadata().getNamespace())
                        .withLabels(podLabels)
                        .addToAnnotations(REVISION_ANNOTATION, Long.toString(revision))
                        .addToAnnotations(DESIRED_REPLICAS_ANNOTATION, Integer.toString(desired))
                        .withOwnerReferences(Meta.controllerReference(deployment))
                        .build())
                .withNewSpec()
                .withReplicas(replicas)
                .withMinReadySeconds(deployment.getSpec().getMinReadySeconds())
                .withSelector(selector)
                .withTemplate(podTemplate)
                .endSpec()
                .build();
        LOG.log(System.Logger.Level.DEBUG, () -> "creating replicaset " + Meta.key(rs) + " with " + replicas
                + " replicas");
        return ctx.client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).resource(rs).create();
    }

    private void scale(ReplicaSet rs, int replicas, int desired) {
        LOG.log(System.Logger.Level.DEBUG, () -> "scaling replicaset " + Meta.key(rs) + " to " + replicas);
        ctx.client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace()).withName(rs.getMetadata().getName())
                .edit(current -> new ReplicaSetBuilder(current)
                        .editMetadata().addToAnnotations(DESIRED_REPLICAS_ANNOTATION, Integer.toString(desired))
                        .endMetadata()
                        .editSpec().withReplicas(replicas).endSpec().build());
    }

    /** Old ReplicaSets scaled to zero are kept as history, at most revisionHistoryLimit of them. */
    private void pruneHistory(Deployment deployment, List<ReplicaSet> old, Map<String, Integer> plan) {
        Integer limit = deployment.getSpec().getRevisionHistoryLimit();
        int keep = limit == null ? DEFAULT_REVISION_HISTORY : Math.max(0, limit);
        List<ReplicaSet> idle = old.stream()
                .filter(rs -> plan.getOrDefault(rs.getMetadata().getName(), 0) == 0 && statusReplicas(rs) == 0)
                .toList(); // oldest first
        for (int i = 0; i < idle.size() - keep; i++) {
            deleteReplicaSet(idle.get(i));
        }
    }

    private void deleteReplicaSet(ReplicaSet rs) {
        ctx.client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()).delete();
        // Its Pods go when the ReplicaSet's own reconcile sees it gone.
        ctx.queue.add(ObjectKey.of(ObjectKey.Kind.REPLICA_SET, rs));
    }

    private DeploymentStatus deploymentStatus(Deployment deployment, ReplicaSet newRs, List<ReplicaSet> owned,
                                              int desired, boolean recreate, IntOrString maxUnavailable,
                                              boolean created, boolean scaled) {
        int replicas = 0;
        int ready = 0;
        int available = 0;
        int specTotal = 0;
        for (ReplicaSet rs : owned) {
            ReplicaSetStatus status = rs.getStatus();
            specTotal += replicas(rs.getSpec().getReplicas());
            if (status != null) {
                replicas += zeroIfNull(status.getReplicas());
                ready += zeroIfNull(status.getReadyReplicas());
                available += zeroIfNull(status.getAvailableReplicas());
            }
        }
        int updated = newRs.getStatus() == null ? 0 : zeroIfNull(newRs.getStatus().getReplicas());
        int unavailable = Math.max(0, specTotal - available);
        int allowedUnavailable = recreate ? 0 : Rollout.resolve(maxUnavailable, desired, false, "25%");
        Instant now = ctx.clock.instant();
        DeploymentStatus previous = deployment.getStatus();
        String rsName = newRs.getMetadata().getName();

        boolean minimumAvailable = available >= desired - allowedUnavailable;
        DeploymentCondition availableCondition = deploymentCondition(previous, "Available",
                minimumAvailable ? "True" : "False",
                minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                minimumAvailable ? "Deployment has minimum availability."
                        : "Deployment does not have minimum availability.", false, now);

        boolean complete = updated == desired && replicas == desired && available == desired
                && replicas(newRs.getSpec().getReplicas()) == desired;
        boolean countsMoved = previous == null || zeroIfNull(previous.getReplicas()) != replicas
                || zeroIfNull(previous.getUpdatedReplicas()) != updated
                || zeroIfNull(previous.getReadyReplicas()) != ready
                || zeroIfNull(previous.getAvailableReplicas()) != available;
        DeploymentCondition oldProgressing = condition(previous, "Progressing");
        DeploymentCondition progressing;
        if (created) {
            progressing = deploymentCondition(previous, "Progressing", "True", "NewReplicaSetCreated",
                    "Created new replica set \"" + rsName + "\"", true, now);
        } else if (complete) {
            progressing = deploymentCondition(previous, "Progressing", "True", "NewReplicaSetAvailable",
                    "ReplicaSet \"" + rsName + "\" has successfully progressed.", false, now);
        } else if (scaled || countsMoved || oldProgressing == null) {
            progressing = deploymentCondition(previous, "Progressing", "True", "ReplicaSetUpdated",
                    "ReplicaSet \"" + rsName + "\" is progressing.", true, now);
        } else if ("True".equals(oldProgressing.getStatus()) && pastDeadline(deployment, oldProgressing, now)) {
            progressing = deploymentCondition(previous, "Progressing", "False", "ProgressDeadlineExceeded",
                    "ReplicaSet \"" + rsName + "\" has timed out progressing.", false, now);
        } else {
            progressing = oldProgressing;
        }

        return new DeploymentStatusBuilder()
                .withObservedGeneration(Meta.generation(deployment))
                .withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withUnavailableReplicas(unavailable == 0 ? null : unavailable)
                .withConditions(availableCondition, progressing)
                .build();
    }

    private static boolean pastDeadline(Deployment deployment, DeploymentCondition progressing, Instant now) {
        Instant since = Meta.parseTimestamp(progressing.getLastUpdateTime());
        return since != null && !now.isBefore(since.plusSeconds(progressDeadline(deployment)));
    }

    private static int progressDeadline(Deployment deployment) {
        Integer seconds = deployment.getSpec().getProgressDeadlineSeconds();
        return seconds == null ? DEFAULT_PROGRESS_DEADLINE_SECONDS : seconds;
    }

    /** While a rollout is in progress, look again when its progress deadline would pass. */
    private Duration progressCheckDelay(Deployment deployment, DeploymentStatus status) {
        DeploymentCondition progressing = condition(status, "Progressing");
        if (progressing == null || !"True".equals(progressing.getStatus())
                || "NewReplicaSetAvailable".equals(progressing.getReason())) {
            return null;
        }
        Instant since = Meta.parseTimestamp(progressing.getLastUpdateTime());
        if (since == null) {
            return null;
        }
        Duration left = Duration.between(ctx.clock.instant(), since.plusSeconds(progressDeadline(deployment)));
        return left.isNegative() ? Duration.ofSeconds(1) : left.plusSeconds(1);
    }

    private static DeploymentCondition condition(DeploymentStatus status, String type) {
        if (status == null || status.getConditions() == null) {
            return null;
        }
        return status.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    /** A condition that keeps its times unless its status (transition) or its content (update) changed. */
    private static DeploymentCondition deploymentCondition(DeploymentStatus previous, String type, String status,
                                                           String reason, String message, boolean progressed,
                                                           Instant now) {
        DeploymentCondition old = condition(previous, type);
        String stamp = Meta.timestamp(now);
        String transition = old != null && status.equals(old.getStatus()) && old.getLastTransitionTime() != null
                ? old.getLastTransitionTime() : stamp;
        boolean same = old != null && status.equals(old.getStatus()) && reason.equals(old.getReason())
                && message.equals(old.getMessage()) && old.getLastUpdateTime() != null;
        String update = same && !progressed ? old.getLastUpdateTime() : stamp;
        return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
                .withMessage(message).withLastTransitionTime(transition).withLastUpdateTime(update).build();
    }

    private static Rollout.ReplicaSetState stateOf(ReplicaSet rs) {
        ReplicaSetStatus status = rs.getStatus();
        return new Rollout.ReplicaSetState(rs.getMetadata().getName(), replicas(rs.getSpec().getReplicas()),
                status == null ? 0 : zeroIfNull(status.getReplicas()),
                status == null ? 0 : zeroIfNull(status.getAvailableReplicas()));
    }

    private static long revision(ReplicaSet rs) {
        String value = rs.getMetadata().getAnnotations() == null ? null
                : rs.getMetadata().getAnnotations().get(REVISION_ANNOTATION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    // --------------------------------------------------------------------------------------------- ReplicaSet

    Duration reconcileReplicaSet(ObjectKey key) {
        String namespace = key.namespace();
        ReplicaSet rs = ctx.client.apps().replicaSets().inNamespace(namespace).withName(key.name()).get();
        List<Pod> namespacePods = ctx.client.pods().inNamespace(namespace).list().getItems();
        if (rs == null) {
            deletePods(namespacePods.stream().filter(pod -> Meta.isControlledBy(pod, "ReplicaSet", key.name())));
            return null;
        }
        if (Meta.isTerminating(rs)) {
            return null;
        }
        var owner = Meta.controllerOf(rs);
        if (owner.isPresent() && "Deployment".equals(owner.get().getKind())) {
            Deployment deployment = ctx.client.apps().deployments().inNamespace(namespace)
                    .withName(owner.get().getName()).get();
            if (deployment == null || !deployment.getMetadata().getUid().equals(owner.get().getUid())) {
                deleteReplicaSet(rs);
                return null;
            }
        }
        List<Pod> pods = new ArrayList<>(namespacePods.stream()
                .filter(pod -> Meta.isControlledBy(pod, rs) && !PodLifecycle.isFinished(pod)
                        && !Meta.isTerminating(pod))
                .toList());
        int desired = replicas(rs.getSpec().getReplicas());
        if (pods.size() < desired) {
            for (int i = pods.size(); i < desired; i++) {
                pods.add(createPod(rs, rs.getSpec().getTemplate(), rs.getMetadata().getName() + "-"
                        + Templates.randomSuffix(), Map.of(), null, null));
            }
        } else if (pods.size() > desired) {
            pods.sort(DELETE_FIRST);
            List<Pod> surplus = new ArrayList<>(pods.subList(0, pods.size() - desired));
            deletePods(surplus.stream());
            pods.removeAll(surplus);
        }

        int minReadySeconds = zeroIfNull(rs.getSpec().getMinReadySeconds());
        Instant now = ctx.clock.instant();
        int ready = 0;
        int available = 0;
        Duration recheck = null;
        for (Pod pod : pods) {
            if (!PodLifecycle.isReady(pod)) {
                continue;
            }
            ready++;
            Instant availableAt = readyPlus(pod, minReadySeconds);
            if (!now.isBefore(availableAt)) {
                available++;
            } else {
                Duration left = Duration.between(now, availableAt);
                recheck = recheck == null || left.compareTo(recheck) < 0 ? left : recheck;
            }
        }
        ReplicaSetStatus status = new ReplicaSetStatusBuilder()
                .withReplicas(pods.size())
                .withFullyLabeledReplicas(pods.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(available)
                .withObservedGeneration(Meta.generation(rs))
                .build();
        if (!Meta.sameContent(rs.getStatus(), status)) {
            ctx.client.apps().replicaSets().inNamespace(namespace)
                    .resource(new ReplicaSetBuilder(rs).withStatus(status).build()).updateStatus();
        }
        return recheck == null ? null : recheck.plusMillis(50);
    }

    /** Which surplus Pods go first: unscheduled, then pending, then not ready, then the most recently created. */
    private static final Comparator<Pod> DELETE_FIRST = Comparator
            .comparing((Pod pod) -> pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty())
            .thenComparing(pod -> pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase()))
            .thenComparing(PodLifecycle::isReady)
            .thenComparing((Pod pod) -> String.valueOf(pod.getMetadata().getCreationTimestamp()),
                    Comparator.reverseOrder())
            .thenComparing(pod -> pod.getMetadata().getName(), Comparator.reverseOrder());

    private static Instant readyPlus(Pod pod, int minReadySeconds) {
        Instant since = PodLifecycle.readySince(pod);
        return since == null || minReadySeconds == 0 ? Instant.MIN : since.plusSeconds(minReadySeconds);
    }

    private Pod createPod(io.fabric8.kubernetes.api.model.HasMetadata owner, PodTemplateSpec template, String name,
                          Map<String, String> extraLabels, String hostname, String subdomain) {
        Map<String, String> labels = new LinkedHashMap<>(labels(template.getMetadata() == null ? null
                : template.getMetadata().getLabels()));
        labels.putAll(extraLabels);
        Map<String, String> annotations = template.getMetadata() == null || template.getMetadata().getAnnotations()
                == null ? Map.of() : template.getMetadata().getAnnotations();
        PodSpecBuilder spec = new PodSpecBuilder(template.getSpec());
        if (hostname != null) {
            spec.withHostname(hostname).withSubdomain(subdomain);
        }
        Pod pod = new PodBuilder()
                .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(owner.getMetadata().getNamespace())
                        .withLabels(labels).withAnnotations(annotations.isEmpty() ? null : annotations)
                        .withOwnerReferences(Meta.controllerReference(owner)).build())
                .withSpec(spec.build())
                .build();
        return ctx.client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod).create();
    }

    private void deletePods(java.util.stream.Stream<Pod> pods) {
        pods.forEach(pod -> {
            try {
                ctx.client.pods().inNamespace(pod.getMetadata().getNamespace())
                        .withName(pod.getMetadata().getName()).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        });
    }

    // -------------------------------------------------------------------------------------------- StatefulSet

    Duration reconcileStatefulSet(ObjectKey key) {
        String namespace = key.namespace();
        StatefulSet sts = ctx.client.apps().statefulSets().inNamespace(namespace).withName(key.name()).get();
        List<Pod> namespacePods = ctx.client.pods().inNamespace(namespace).list().getItems();
        if (sts == null) {
            deletePods(namespacePods.stream().filter(pod -> Meta.isControlledBy(pod, "StatefulSet", key.name())));
            return null;
        }
        if (Meta.isTerminating(sts)) {
            return null;
        }
        String name = sts.getMetadata().getName();
        String revision = name + "-" + Templates.hash(sts.getSpec().getTemplate());
        boolean parallel = "Parallel".equals(sts.getSpec().getPodManagementPolicy());
        boolean onDelete = sts.getSpec().getUpdateStrategy() != null
                && "OnDelete".equals(sts.getSpec().getUpdateStrategy().getType());
        int desired = replicas(sts.getSpec().getReplicas());

        TreeMap<Integer, Pod> byOrdinal = new TreeMap<>();
        for (Pod pod : namespacePods) {
            if (Meta.isControlledBy(pod, sts) && !PodLifecycle.isFinished(pod)) {
                int ordinal = ordinal(name, pod.getMetadata().getName());
                if (ordinal >= 0) {
                    byOrdinal.put(ordinal, pod);
                }
            }
        }

        // Create missing ordinals: all at once (Parallel) or each once all lower ones are ready (OrderedReady).
        for (int ordinal = 0; ordinal < desired; ordinal++) {
            if (byOrdinal.containsKey(ordinal)) {
                continue;
            }
            if (!parallel && !allReady(byOrdinal, ordinal)) {
                break;
            }
            String podName = name + "-" + ordinal;
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(STS_POD_NAME, podName);
            extra.put(STS_POD_INDEX, Integer.toString(ordinal));
            extra.put(CONTROLLER_REVISION, revision);
            byOrdinal.put(ordinal, createPod(sts, sts.getSpec().getTemplate(), podName, extra, podName,
                    sts.getSpec().getServiceName()));
            if (!parallel) {
                break;
            }
        }
        // Remove ordinals beyond the desired count, highest first.
        List<Integer> surplus = new ArrayList<>(byOrdinal.tailMap(desired, true).descendingKeySet());
        for (Integer ordinal : parallel ? surplus : surplus.stream().limit(1).toList()) {
            deletePods(java.util.stream.Stream.of(byOrdinal.remove(ordinal)));
        }
        // Rolling update: once all are there and ready, replace the highest Pod of an old revision.
        if (!onDelete && surplus.isEmpty() && byOrdinal.size() == desired && allReady(byOrdinal, desired)) {
            byOrdinal.descendingMap().entrySet().stream()
                    .filter(entry -> !revision.equals(labels(entry.getValue().getMetadata().getLabels())
                            .get(CONTROLLER_REVISION)))
                    .findFirst()
                    .ifPresent(entry -> deletePods(java.util.stream.Stream.of(byOrdinal.remove(entry.getKey()))));
        }

        int ready = (int) byOrdinal.values().stream().filter(PodLifecycle::isReady).count();
        Map<String, Integer> perRevision = new HashMap<>();
        byOrdinal.values().forEach(pod -> perRevision.merge(
                Objects.requireNonNullElse(labels(pod.getMetadata().getLabels()).get(CONTROLLER_REVISION), ""), 1,
                Integer::sum));
        int updated = perRevision.getOrDefault(revision, 0);
        String currentRevision = updated == byOrdinal.size() ? revision
                : perRevision.keySet().stream().filter(r -> !r.equals(revision) && !r.isEmpty()).findFirst()
                .orElse(revision);
        StatefulSetStatus status = new StatefulSetStatusBuilder()
                .withObservedGeneration(Meta.generation(sts))
                .withReplicas(byOrdinal.size())
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .withCurrentReplicas(currentRevision.equals(revision) ? updated
                        : perRevision.getOrDefault(currentRevision, 0))
                .withUpdatedReplicas(updated)
                .withCurrentRevision(currentRevision)
                .withUpdateRevision(revision)
                .withCollisionCount(0)
                .build();
        if (!Meta.sameContent(sts.getStatus(), status)) {
            ctx.client.apps().statefulSets().inNamespace(namespace)
                    .resource(new StatefulSetBuilder(sts).withStatus(status).build()).updateStatus();
        }
        return null;
    }

    private static boolean allReady(TreeMap<Integer, Pod> byOrdinal, int below) {
        for (int i = 0; i < below; i++) {
            Pod pod = byOrdinal.get(i);
            if (pod == null || !PodLifecycle.isReady(pod)) {
                return false;
            }
        }
        return true;
    }

    static int ordinal(String setName, String podName) {
        if (!podName.startsWith(setName + "-")) {
            return -1;
        }
        try {
            return Integer.parseInt(podName.substring(setName.length() + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    static int replicas(Integer replicas) {
        return replicas == null ? 1 : replicas;
    }

    private static int statusReplicas(ReplicaSet rs) {
        return rs.getStatus() == null ? 0 : zeroIfNull(rs.getStatus().getReplicas());
    }

    static int zeroIfNull(Integer value) {
        return value == null ? 0 : value;
    }

    static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }
}
