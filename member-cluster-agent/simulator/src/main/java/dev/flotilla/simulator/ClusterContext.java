package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the control loops of one simulated cluster share: its client, settings, address plan and pools, the work
 * queue, the HTTP listeners of its load balancers and the informers' caches (used only to find which keys an event concerns; reconcilers read fresh state
 * from the API so that their own recent writes are never missed).
 */
final class ClusterContext {

    final KubernetesClient client;
    final SimulatedClusterConfig config;
    final NetworkPlan network;
    final Clock clock;
    final AddressPool serviceAddresses;
    final AddressPool loadBalancerAddresses;
    final AddressPool nodePorts = new AddressPool("node ports 30000-32767", 30000, 32767);
    /** One pool of Pod addresses per Node, by Node name. */
    final Map<String, AddressPool> podAddresses = new ConcurrentHashMap<>();
    /** The Node number (1-based) of each Node this cluster created, by name. */
    final Map<String, Integer> nodeNumbers = new ConcurrentHashMap<>();
    /** When each Pod was bound to its Node (kept precisely, the API's timestamps have whole seconds only). */
    final Map<String, java.time.Instant> scheduledAt = new ConcurrentHashMap<>();
    /** The HTTP listeners on the load-balancer addresses; null when the cluster does not serve HTTP. */
    final LoadBalancerListeners loadBalancerListeners;

    WorkQueue queue;
    SharedIndexInformer<Deployment> deployments;
    SharedIndexInformer<ReplicaSet> replicaSets;
    SharedIndexInformer<StatefulSet> statefulSets;
    SharedIndexInformer<Service> services;
    SharedIndexInformer<Node> nodes;

    ClusterContext(KubernetesClient client, SimulatedClusterConfig config, NetworkPlan network, Clock clock) {
        this.client = client;
        this.config = config;
        this.network = network;
        this.clock = clock;
        this.serviceAddresses = network.newServicePool();
        this.loadBalancerAddresses = network.newLoadBalancerPool();
        this.loadBalancerListeners = config.serveHttp()
                ? new LoadBalancerListeners(config.name(), config.zone(), clock) : null;
    }

    AddressPool podPool(String nodeName) {
        return podAddresses.computeIfAbsent(nodeName,
                name -> new AddressPool("Pod addresses on node " + name, 1, NetworkPlan.PODS_PER_NODE_RANGE));
    }

    static <T extends HasMetadata> List<T> inNamespace(SharedIndexInformer<T> informer, String namespace) {
        return informer.getIndexer().byIndex(Cache.NAMESPACE_INDEX, namespace);
    }

    static <T extends HasMetadata> T cached(SharedIndexInformer<T> informer, String namespace, String name) {
        return informer.getStore().getByKey(namespace.isEmpty() ? name : namespace + "/" + name);
    }
}
