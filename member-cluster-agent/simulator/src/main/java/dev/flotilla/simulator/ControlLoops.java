package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The simulated kubelets and controllers of one cluster, wired together: informers turn every change into the
 * keys it may concern, and one {@link WorkQueue} worker reconciles them one at a time (so no two loops ever race
 * over the same object, and the scheduler never double-books a Node). Informer resyncs bring every key back
 * periodically, so a missed event only delays convergence.
 */
final class ControlLoops implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlLoops.class.getName());

    private final ClusterContext ctx;
    private final Workloads workloads;
    private final PodLifecycle pods;
    private final Networking networking;
    private final Nodes nodes;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    ControlLoops(ClusterContext ctx, Nodes nodes) {
        this.ctx = ctx;
        this.nodes = nodes;
        this.workloads = new Workloads(ctx);
        this.pods = new PodLifecycle(ctx);
        this.networking = new Networking(ctx);
        ctx.queue = new WorkQueue("simulated-cluster-" + ctx.config.name(), this::reconcile);
    }

    private Duration reconcile(ObjectKey key) {
        return switch (key.kind()) {
            case DEPLOYMENT -> workloads.reconcileDeployment(key);
            case REPLICA_SET -> workloads.reconcileReplicaSet(key);
            case STATEFUL_SET -> workloads.reconcileStatefulSet(key);
            case POD -> pods.reconcilePod(key);
            case SERVICE -> networking.reconcileService(key);
            case NODE -> nodes.reconcileNode(key);
            case NAMESPACE -> nodes.reconcileNamespace(key);
            case SCHEDULING -> pods.schedulePending();
        };
    }

    /** Starts the informers, waits until their caches are filled, then lets the worker go. */
    void start(Duration timeout) {
        long resync = ctx.config.resyncPeriod().toMillis();
        var client = ctx.client;
        ctx.nodes = inform(client.nodes().runnableInformer(resync), (node, removed) -> enqueue(ObjectKey.Kind.NODE, node));
        ctx.services = inform(client.services().inAnyNamespace().runnableInformer(resync),
                (service, removed) -> enqueue(ObjectKey.Kind.SERVICE, service));
        ctx.deployments = inform(client.apps().deployments().inAnyNamespace().runnableInformer(resync),
                (deployment, removed) -> enqueue(ObjectKey.Kind.DEPLOYMENT, deployment));
        ctx.replicaSets = inform(client.apps().replicaSets().inAnyNamespace().runnableInformer(resync),
                (rs, removed) -> {
                    enqueue(ObjectKey.Kind.REPLICA_SET, rs);
                    enqueueController(rs);
                });
        ctx.statefulSets = inform(client.apps().statefulSets().inAnyNamespace().runnableInformer(resync),
                (sts, removed) -> enqueue(ObjectKey.Kind.STATEFUL_SET, sts));
        inform(client.namespaces().runnableInformer(resync),
                (Namespace namespace, Boolean removed) -> enqueue(ObjectKey.Kind.NAMESPACE, namespace));
        inform(client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(resync),
                (EndpointSlice slice, Boolean removed) -> {
                    String service = Workloads.labels(slice.getMetadata().getLabels()).get(Networking.SERVICE_NAME_LABEL);
                    if (service != null) {
                        ctx.queue.add(new ObjectKey(ObjectKey.Kind.SERVICE, Meta.namespace(slice), service));
                    }
                });
        SharedIndexInformer<Pod> podInformer = client.pods().inAnyNamespace().runnableInformer(resync);
        podInformer.addEventHandler(new PodEvents());
        informers.add(podInformer);

        CompletableFuture<?>[] synced = informers.stream().map(informer -> informer.start().toCompletableFuture())
                .toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(synced).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the simulated kubelet", e);
        } catch (Exception e) {
            throw new IllegalStateException("the simulated kubelet's watches did not start within " + timeout + ": "
                    + e.getMessage(), e);
        }
        ctx.queue.add(ObjectKey.SCHEDULER);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> inform(SharedIndexInformer<T> informer,
                                                                  BiConsumer<T, Boolean> onChange) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                onChange.accept(object, false);
            }

            @Override
            public void onUpdate(T oldObject, T newObject) {
                onChange.accept(newObject, false);
            }

            @Override
            public void onDelete(T object, boolean deletedFinalStateUnknown) {
                onChange.accept(object, true);
            }
        });
        informers.add(informer);
        return informer;
    }

    private void enqueue(ObjectKey.Kind kind, HasMetadata object) {
        ctx.queue.add(ObjectKey.of(kind, object));
    }

    private void enqueueController(HasMetadata object) {
        Meta.controllerOf(object).ifPresent(owner -> {
            ObjectKey.Kind kind = switch (owner.getKind()) {
                case "Deployment" -> ObjectKey.Kind.DEPLOYMENT;
                case "ReplicaSet" -> ObjectKey.Kind.REPLICA_SET;
                case "StatefulSet" -> ObjectKey.Kind.STATEFUL_SET;
                default -> null;
            };
            if (kind != null) {
                ctx.queue.add(new ObjectKey(kind, Meta.namespace(object), owner.getName()));
            }
        });
    }

    /** A Pod's change concerns the Pod, its controller, the scheduler and the Services selecting it. */
    private final class PodEvents implements ResourceEventHandler<Pod> {
        @Override
        public void onAdd(Pod pod) {
            changed(null, pod, false);
        }

        @Override
        public void onUpdate(Pod oldPod, Pod newPod) {
            changed(oldPod, newPod, false);
        }

        @Override
        public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            changed(null, pod, true);
        }

        private void changed(Pod before, Pod pod, boolean removed) {
            enqueue(ObjectKey.Kind.POD, pod);
            enqueueController(pod);
            boolean unbound = pod.getSpec() == null || pod.getSpec().getNodeName() == null
                    || pod.getSpec().getNodeName().isEmpty();
            if (removed || unbound) {
                ctx.queue.add(ObjectKey.SCHEDULER);
            }
            if (before == null || removed || endpointRelevantChange(before, pod)) {
                for (Service service : ClusterContext.inNamespace(ctx.services, Meta.namespace(pod))) {
                    var selector = service.getSpec() == null ? null : service.getSpec().getSelector();
                    if (Meta.selects(selector, pod.getMetadata().getLabels())
                            || before != null && Meta.selects(selector, before.getMetadata().getLabels())) {
                        enqueue(ObjectKey.Kind.SERVICE, service);
                    }
                }
            }
        }

        private boolean endpointRelevantChange(Pod before, Pod after) {
            return !Objects.equals(before.getMetadata().getLabels(), after.getMetadata().getLabels())
                    || !Objects.equals(podIp(before), podIp(after))
                    || PodLifecycle.isReady(before) != PodLifecycle.isReady(after)
                    || Meta.isTerminating(before) != Meta.isTerminating(after)
                    || before.getMetadata().getResourceVersion() != null
                    && before.getMetadata().getResourceVersion().equals(after.getMetadata().getResourceVersion());
        }

        private String podIp(Pod pod) {
            return pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        }
    }

    /** Runs {@code task} on the worker every {@code period} (e.g. clearing the mock server's request log). */
    void every(Duration period, Runnable task) {
        ctx.queue.every(period, task);
    }

    @Override
    public void close() {
        for (SharedIndexInformer<?> informer : informers) {
            try {
                informer.stop();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "stopping an informer: " + e);
            }
        }
        if (ctx.queue != null) {
            ctx.queue.close();
        }
        if (ctx.loadBalancerListeners != null) {
            ctx.loadBalancerListeners.close(); // after the worker, so no reconcile opens one again
        }
    }
}
