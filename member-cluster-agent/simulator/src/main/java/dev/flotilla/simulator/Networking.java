package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.LoadBalancerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the API server, the cloud controller and the EndpointSlice controller do for Services: a cluster IP from
 * the cluster's Service range (and node ports for NodePort and LoadBalancer Services), an ingress address in
 * {@code status.loadBalancer} for LoadBalancer Services (127.n.0.x, see {@link NetworkPlan}), and one
 * EndpointSlice per Service with a selector, named like the Service and listing its Pods that have an address.
 * Unless switched off, it also keeps the real HTTP listeners on each load balancer's address
 * ({@link LoadBalancerListeners}), answered by the Service's ready endpoints.
 */
final class Networking {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGED_BY = "endpointslice-controller.k8s.io";
    private static final System.Logger LOG = System.getLogger(Networking.class.getName());

    private final ClusterContext ctx;

    Networking(ClusterContext ctx) {
        this.ctx = ctx;
    }

    Duration reconcileService(ObjectKey key) {
        String namespace = key.namespace();
        String serviceKey = namespace + "/" + key.name();
        Service service = ctx.client.services().inNamespace(namespace).withName(key.name()).get();
        if (service == null || Meta.isTerminating(service)) {
            serve(serviceKey, LoadBalancerListeners.Plan.NONE, List.of()); // first: the address may be reused
            if (service == null) {
                ctx.serviceAddresses.release(serviceKey);
                ctx.loadBalancerAddresses.release(serviceKey);
                releaseNodePorts(serviceKey);
            }
            deleteSlices(namespace, key.name());
            return null;
        }
        service = ensureSpec(service, serviceKey);
        String ingress = ensureLoadBalancer(service, serviceKey);
        Map<String, String> selector = service.getSpec().getSelector();
        List<Endpoint> endpoints;
        if ("ExternalName".equals(service.getSpec().getType()) || selector == null || selector.isEmpty()) {
            deleteSlices(namespace, key.name()); // without a selector, endpoints are the user's business
            endpoints = ingress == null || ctx.loadBalancerListeners == null ? List.of()
                    : userEndpoints(namespace, key.name());
        } else {
            endpoints = syncSlice(service, selector);
        }
        return serve(serviceKey, LoadBalancerListeners.plan(service, ingress),
                LoadBalancerListeners.readyBackends(endpoints, ctx.config.zone()));
    }

    /** Opens, updates or closes the Service's HTTP listeners; returns when to retry a port that could not be bound. */
    private Duration serve(String serviceKey, LoadBalancerListeners.Plan plan, List<LoadBalancerListeners.Backend> backends) {
        return ctx.loadBalancerListeners == null ? null : ctx.loadBalancerListeners.sync(serviceKey, plan, backends);
    }

    /** Fills what the API server would have: cluster IP, IP family, protocol, target port and node ports. */
    private Service ensureSpec(Service service, String serviceKey) {
        Service desired = new ServiceBuilder(service).build();
        var spec = desired.getSpec();
        String type = spec.getType() == null || spec.getType().isEmpty() ? "ClusterIP" : spec.getType();
        spec.setType(type);
        if (!"ExternalName".equals(type)) {
            String clusterIp = spec.getClusterIP();
            if (clusterIp == null || clusterIp.isEmpty()) {
                clusterIp = ctx.network.serviceAddress(ctx.serviceAddresses.allocate(serviceKey));
            } else if (!"None".equals(clusterIp)) {
                int offset = ctx.network.parseServiceAddress(clusterIp);
                if (offset > 0) {
                    ctx.serviceAddresses.reserve(serviceKey, offset);
                }
            }
            spec.setClusterIP(clusterIp);
            spec.setClusterIPs(new ArrayList<>(List.of(clusterIp)));
            if (!"None".equals(clusterIp)) {
                spec.setIpFamilies(new ArrayList<>(List.of("IPv4")));
                spec.setIpFamilyPolicy(spec.getIpFamilyPolicy() == null ? "SingleStack" : spec.getIpFamilyPolicy());
            }
        }
        boolean nodePorts = "NodePort".equals(type) || "LoadBalancer".equals(type);
        List<ServicePort> ports = spec.getPorts() == null ? List.of() : spec.getPorts();
        for (int i = 0; i < ports.size(); i++) {
            ServicePort port = ports.get(i);
            if (port.getProtocol() == null) {
                port.setProtocol("TCP");
            }
            if (port.getTargetPort() == null && port.getPort() != null) {
                port.setTargetPort(new IntOrString(port.getPort()));
            }
            String portKey = serviceKey + "#" + i;
            if (nodePorts && port.getNodePort() == null) {
                port.setNodePort(ctx.nodePorts.allocate(portKey));
            } else if (nodePorts) {
                ctx.nodePorts.reserve(portKey, port.getNodePort());
            }
        }
        if (Meta.sameContent(service.getSpec(), spec)) {
            return service;
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "service " + serviceKey + ": cluster IP " + spec.getClusterIP());
        var finalSpec = spec;
        return ctx.client.services().inNamespace(service.getMetadata().getNamespace())
                .withName(service.getMetadata().getName())
                .edit(current -> new ServiceBuilder(current).withSpec(finalSpec).build());
    }

    /** Gives a LoadBalancer Service its ingress address (and takes it from any other); returns it, or null. */
    private String ensureLoadBalancer(Service service, String serviceKey) {
        LoadBalancerStatus desired;
        String address = null;
        if ("LoadBalancer".equals(service.getSpec().getType())) {
            String current = service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                    || service.getStatus().getLoadBalancer().getIngress() == null
                    || service.getStatus().getLoadBalancer().getIngress().isEmpty() ? null
                    : service.getStatus().getLoadBalancer().getIngress().get(0).getIp();
            int host = ctx.network.parseLoadBalancerAddress(current);
            if (host <= 0 || !ctx.loadBalancerAddresses.reserve(serviceKey, host)) {
                host = ctx.loadBalancerAddresses.allocate(serviceKey);
            }
            address = ctx.network.loadBalancerAddress(host);
            desired = new LoadBalancerStatusBuilder().withIngress(new LoadBalancerIngressBuilder()
                    .withIp(address).withIpMode("VIP").build()).build();
        } else {
            ctx.loadBalancerAddresses.release(serviceKey);
            desired = new LoadBalancerStatus();
        }
        LoadBalancerStatus current = service.getStatus() == null ? null : service.getStatus().getLoadBalancer();
        if (!Meta.sameContent(current, desired)) {
            Service updated = new ServiceBuilder(service)
                    .withStatus(new ServiceStatusBuilder().withLoadBalancer(desired).build()).build();
            ctx.client.services().inNamespace(service.getMetadata().getNamespace()).resource(updated).updateStatus();
        }
        return address;
    }

    private void releaseNodePorts(String serviceKey) {
        for (int i = 0; i < 64; i++) {
            ctx.nodePorts.release(serviceKey + "#" + i);
        }
    }

    /** Keeps the Service's EndpointSlice; returns its endpoints as written. */
    private List<Endpoint> syncSlice(Service service, Map<String, String> selector) {
        String namespace = service.getMetadata().getNamespace();
        String name = service.getMetadata().getName();
        List<Pod> pods = ctx.client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
                .filter(pod -> Meta.selects(selector, pod.getMetadata().getLabels())) // never trust the filter alone
                .filter(pod -> !Meta.isTerminating(pod) && !PodLifecycle.isFinished(pod))
                .filter(pod -> pod.getStatus() != null && pod.getStatus().getPodIP() != null)
                .sorted(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .toList();
        List<Endpoint> endpoints = new ArrayList<>();
        for (Pod pod : pods) {
            boolean ready = PodLifecycle.isReady(pod);
            endpoints.add(new EndpointBuilder()
                    .withAddresses(pod.getStatus().getPodIP())
                    .withNewConditions().withReady(ready).withServing(ready).withTerminating(false).endConditions()
                    .withNodeName(pod.getSpec().getNodeName())
                    .withZone(zoneOf(pod.getSpec().getNodeName()))
                    .withNewTargetRef().withKind("Pod").withNamespace(namespace).withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid()).endTargetRef()
                    .build());
        }
        List<EndpointPort> ports = new ArrayList<>();
        for (ServicePort port : service.getSpec().getPorts() == null ? List.<ServicePort>of()
                : service.getSpec().getPorts()) {
            ports.add(new EndpointPortBuilder()
                    .withName(port.getName() == null ? "" : port.getName())
                    .withProtocol(port.getProtocol() == null ? "TCP" : port.getProtocol())
                    .withAppProtocol(port.getAppProtocol())
                    .withPort(targetPort(port, pods))
                    .build());
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(SERVICE_NAME_LABEL, name);
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        EndpointSlice current = ctx.client.discovery().v1().endpointSlices().inNamespace(namespace).withName(name).get();
        if (current != null && Meta.sameContent(current.getEndpoints(), endpoints)
                && Meta.sameContent(current.getPorts(), ports) && "IPv4".equals(current.getAddressType())
                && labels.equals(current.getMetadata().getLabels())) {
            return endpoints;
        }
        if (current == null) {
            EndpointSlice slice = new EndpointSliceBuilder()
                    .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
                    .withOwnerReferences(Meta.controllerReference(service)).endMetadata()
                    .withAddressType("IPv4").withEndpoints(endpoints).withPorts(ports)
                    .build();
            ctx.client.discovery().v1().endpointSlices().inNamespace(namespace).resource(slice).create();
        } else {
            ctx.client.discovery().v1().endpointSlices().inNamespace(namespace).withName(name)
                    .edit(slice -> new EndpointSliceBuilder(slice)
                            .editMetadata().withLabels(labels).withOwnerReferences(Meta.controllerReference(service))
                            .endMetadata()
                            .withAddressType("IPv4").withEndpoints(endpoints).withPorts(ports).build());
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "endpointslice " + namespace + "/" + name + ": " + pods.size()
                + " endpoints");
        return endpoints;
    }

    /** The endpoints of the EndpointSlices someone else keeps for a Service without a selector. */
    private List<Endpoint> userEndpoints(String namespace, String serviceName) {
        return ctx.client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel(SERVICE_NAME_LABEL, serviceName).list().getItems().stream()
                .filter(slice -> serviceName.equals(slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL)))
                .sorted(Comparator.comparing(slice -> slice.getMetadata().getName()))
                .flatMap(slice -> slice.getEndpoints() == null ? java.util.stream.Stream.<Endpoint>empty()
                        : slice.getEndpoints().stream())
                .toList();
    }

    /** A numeric target port as is; a named one resolved from the first Pod that declares it. */
    private static Integer targetPort(ServicePort port, List<Pod> pods) {
        IntOrString target = port.getTargetPort();
        if (target == null) {
            return port.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        for (Pod pod : pods) {
            for (var container : pod.getSpec().getContainers()) {
                for (ContainerPort containerPort : container.getPorts() == null ? List.<ContainerPort>of()
                        : container.getPorts()) {
                    if (target.getStrVal().equals(containerPort.getName())) {
                        return containerPort.getContainerPort();
                    }
                }
            }
        }
        return port.getPort();
    }

    private String zoneOf(String nodeName) {
        if (nodeName == null) {
            return null;
        }
        Node node = ClusterContext.cached(ctx.nodes, "", nodeName);
        if (node == null || node.getMetadata().getLabels() == null) {
            return null;
        }
        return node.getMetadata().getLabels().get(Nodes.ZONE_LABEL);
    }

    private void deleteSlices(String namespace, String serviceName) {
        List<EndpointSlice> slices = ctx.client.discovery().v1().endpointSlices().inNamespace(namespace)
                .withLabel(SERVICE_NAME_LABEL, serviceName).list().getItems();
        for (EndpointSlice slice : slices) {
            boolean ours = MANAGED_BY.equals(Workloads.labels(slice.getMetadata().getLabels()).get(MANAGED_BY_LABEL))
                    && serviceName.equals(slice.getMetadata().getLabels().get(SERVICE_NAME_LABEL));
            if (ours) {
                ctx.client.discovery().v1().endpointSlices().inNamespace(namespace)
                        .withName(slice.getMetadata().getName()).delete();
            }
        }
    }
}
