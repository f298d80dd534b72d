package dev.flotilla.simulator;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real HTTP on the simulated load balancers. For every LoadBalancer Service that has an ingress address
 * {@code 127.n.0.x}, one JDK {@link HttpServer} per TCP port of the Service listens on exactly that address and
 * port; each request is answered "by" one of the Service's ready endpoints, taken round-robin, with
 * {@code hello from <cluster>/<zone> pod <pod>} and headers naming them, or with 503 when none is ready.
 *
 * <p>Nothing here runs on its own: the Service reconcile calls {@link #sync} with what it derived from the API
 * (level-triggered, like every other simulated controller), and a port that cannot be bound is reported and tried
 * again later, which {@link #sync} tells the caller by the delay it returns. Request handling runs on one small
 * pool per cluster whose threads exit when idle; at rest only the JDK server's own parked threads remain.
 */
final class LoadBalancerListeners implements AutoCloseable {

    static final String CLUSTER_HEADER = "X-Flotilla-Cluster";
    static final String ZONE_HEADER = "X-Flotilla-Zone";
    static final String POD_HEADER = "X-Flotilla-Pod";
    static final String SERVICE_HEADER = "X-Flotilla-Service";

    private static final System.Logger LOG = System.getLogger(LoadBalancerListeners.class.getName());
    private static final int BACKLOG = 64;
    private static final int HANDLER_THREADS = 4;
    private static final Duration IDLE_HANDLER_THREAD = Duration.ofSeconds(30);
    /** A port that stays unbindable is warned about again every this many attempts (~100 s at the 10 s cap). */
    private static final int WARN_EVERY_ATTEMPTS = 10;

    /** One endpoint that answers requests: its Pod's name (or its address if it is no Pod), zone and address. */
    record Backend(String pod, String zone, String address) {
    }

    /**
     * What should listen for one Service: its ingress address (null: nothing) and TCP ports, and the problems found
     * in its ports (each naming the field), which leave those ports unserved.
     */
    record Plan(String address, SortedSet<Integer> ports, List<String> problems) {
        static final Plan NONE = new Plan(null, Collections.emptySortedSet(), List.of());

        Plan {
            ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
            problems = List.copyOf(problems);
        }
    }

    private record BindFailure(int attempts, Instant nextAttempt) {
    }

    private final String cluster;
    private final String clusterZone;
    private final Clock clock;
    private final ThreadPoolExecutor handlers;
    private final Map<String, ServiceListeners> services = new HashMap<>();
    private boolean closed;

    LoadBalancerListeners(String cluster, String clusterZone, Clock clock) {
        this.cluster = cluster;
        this.clusterZone = clusterZone;
        this.clock = clock;
        AtomicInteger threads = new AtomicInteger();
        // Fixed size with core threads timing out: up to HANDLER_THREADS while busy, none at rest.
        this.handlers = new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, IDLE_HANDLER_THREAD.toMillis(),
                TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "simulated-cluster-" + cluster + "-http-"
                            + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.handlers.allowCoreThreadTimeOut(true);
    }

    /**
     * What should listen for {@code service}, given the ingress address the simulation gave it (null if none): the
     * distinct TCP ports of {@code spec.ports[].port} on that address if it is a LoadBalancer Service. Pure.
     */
    static Plan plan(Service service, String ingressAddress) {
        if (ingressAddress == null || service.getSpec() == null
                || !"LoadBalancer".equals(service.getSpec().getType())) {
            return Plan.NONE;
        }
        SortedSet<Integer> ports = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        List<ServicePort> declared = service.getSpec().getPorts() == null ? List.of() : service.getSpec().getPorts();
        for (int i = 0; i < declared.size(); i++) {
            ServicePort port = declared.get(i);
            String protocol = port.getProtocol() == null ? "TCP" : port.getProtocol();
            if (!"TCP".equals(protocol)) {
                continue; // UDP and SCTP are not served: HTTP needs TCP
            }
            Integer number = port.getPort();
            if (number == null || number < 1 || number > 65535) {
                problems.add("spec.ports[" + i + "].port: must be between 1 and 65535, got " + number);
            } else {
                ports.add(number);
            }
        }
        return new Plan(ingressAddress, ports, problems);
    }

    /**
     * The endpoints that answer requests: those of {@code endpoints} whose {@code conditions.ready} is not false
     * (unknown counts as ready, as the API documents), in the given order. Pure.
     */
    static List<Backend> readyBackends(List<Endpoint> endpoints, String defaultZone) {
        List<Backend> ready = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            if (endpoint.getConditions() != null && Boolean.FALSE.equals(endpoint.getConditions().getReady())) {
                continue;
            }
            String address = endpoint.getAddresses() == null || endpoint.getAddresses().isEmpty() ? null
                    : endpoint.getAddresses().get(0);
            String pod = endpoint.getTargetRef() != null && "Pod".equals(endpoint.getTargetRef().getKind())
                    && endpoint.getTargetRef().getName() != null ? endpoint.getTargetRef().getName() : address;
            if (pod == null) {
                continue; // neither a Pod nor an address: nothing could answer
            }
            String zone = endpoint.getZone() == null || endpoint.getZone().isEmpty() ? defaultZone : endpoint.getZone();
            ready.add(new Backend(pod, zone, address));
        }
        return List.copyOf(ready);
    }

    /**
     * Brings the listeners of the Service {@code serviceKey} (namespace/name) to {@code plan} and makes
     * {@code backends} answer its requests. Opens what is missing, closes what is no longer wanted (all of it for
     * {@link Plan#NONE}). Never throws for a port that cannot be bound: it is logged and tried again with backoff.
     *
     * @return when to call again because a port could not be bound yet, or null if all is as planned
     */
    synchronized Duration sync(String serviceKey, Plan plan, List<Backend> backends) {
        ServiceListeners service = services.get(serviceKey);
        if (closed || plan.address() == null) {
            if (service != null) {
                service.closeAll();
                services.remove(serviceKey);
            }
            return null;
        }
        if (service == null) {
            service = new ServiceListeners(serviceKey);
            services.put(serviceKey, service);
        }
        service.backends = List.copyOf(backends);
        service.report(plan.problems());
        if (!plan.address().equals(service.address)) {
            service.closeAll();
            service.address = plan.address();
        }
        for (Iterator<Map.Entry<Integer, HttpServer>> open = service.open.entrySet().iterator(); open.hasNext(); ) {
            Map.Entry<Integer, HttpServer> listener = open.next();
            if (!plan.ports().contains(listener.getKey())) {
                service.stop(listener.getKey(), listener.getValue());
                open.remove();
            }
        }
        service.failing.keySet().retainAll(plan.ports());
        Instant now = clock.instant();
        Duration retry = null;
        for (int port : plan.ports()) {
            if (service.open.containsKey(port)) {
                continue;
            }
            BindFailure failed = service.failing.get(port);
            if (failed != null && now.isBefore(failed.nextAttempt())) {
                retry = earlier(retry, Duration.between(now, failed.nextAttempt()));
                continue;
            }
            Duration again = service.listen(port, failed, now);
            if (again != null) {
                retry = earlier(retry, again);
            }
        }
        return retry;
    }

    /** Closes every listener (connections are refused afterwards) and the request pool; later syncs do nothing. */
    @Override
    public synchronized void close() {
        closed = true;
        for (ServiceListeners service : services.values()) {
            service.closeAll();
        }
        services.clear();
        handlers.shutdownNow();
    }

    private static Duration earlier(Duration current, Duration candidate) {
        return current == null || candidate.compareTo(current) < 0 ? candidate : current;
    }

    /** Why a bind failed, in words that point at the fix. */
    private static String bindHint(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("in use")) {
            return " (something else listens on that address and port)";
        }
        if (message.contains("assign")) {
            return " (not an address of this machine: on Linux all of 127/8 is loopback; elsewhere add it as an "
                    + "alias of the loopback interface)";
        }
        if (message.contains("denied")) {
            return " (ports below 1024 need privileges: run as root or lower net.ipv4.ip_unprivileged_port_start)";
        }
        return "";
    }

    /** The listeners of one Service, and the handler that answers on all of its ports. */
    private final class ServiceListeners implements HttpHandler {
        private final String serviceKey;
        private final Map<Integer, HttpServer> open = new TreeMap<>();
        private final Map<Integer, BindFailure> failing = new HashMap<>();
        private final AtomicInteger next = new AtomicInteger();
        private String address;
        private List<String> reported = List.of();
        private volatile List<Backend> backends = List.of();

        ServiceListeners(String serviceKey) {
            this.serviceKey = serviceKey;
        }

        /** Binds {@code port}; returns null on success, otherwise when to try again. */
        Duration listen(int port, BindFailure failedBefore, Instant now) {
            InetSocketAddress socketAddress;
            try {
                socketAddress = new InetSocketAddress(InetAddress.getByName(address), port);
            } catch (IOException e) { // cannot happen for the literal 127.n.0.x the plan holds
                throw new IllegalStateException("ingress address of service " + serviceKey + ": '" + address
                        + "' is not an IP address", e);
            }
            try {
                // A throw-away bind first: HttpServer.create leaks its channel when the bind fails.
                try (ServerSocket probe = new ServerSocket()) {
                    probe.setReuseAddress(true);
                    probe.bind(socketAddress);
                }
                HttpServer server = HttpServer.create(socketAddress, BACKLOG);
                server.createContext("/", this);
                server.setExecutor(handlers);
                server.start();
                open.put(port, server);
                failing.remove(port);
                String after = failedBefore == null ? "" : " after " + failedBefore.attempts() + " failed attempts";
                LOG.log(System.Logger.Level.INFO, () -> "cluster " + cluster + ": service " + serviceKey
                        + " served on http://" + address + ":" + port + "/" + after);
                return null;
            } catch (IOException e) {
                int attempt = failedBefore == null ? 1 : failedBefore.attempts() + 1;
                Duration retry = WorkQueue.backoff(attempt);
                failing.put(port, new BindFailure(attempt, now.plus(retry)));
                boolean warn = attempt == 1 || attempt % WARN_EVERY_ATTEMPTS == 0;
                String message = (e instanceof BindException ? "" : e.getClass().getSimpleName() + ": ")
                        + e.getMessage() + bindHint(e);
                LOG.log(warn ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, () -> "cluster " + cluster
                        + ": cannot listen on " + address + ":" + port + " for load balancer of service " + serviceKey
                        + ": " + message + "; attempt " + attempt + ", retrying in " + retry.toMillis() + " ms");
                return retry;
            }
        }

        void report(List<String> problems) {
            if (!problems.equals(reported) && !problems.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, () -> "cluster " + cluster + ": service " + serviceKey
                        + ": not serving these ports: " + String.join("; ", problems));
            }
            reported = problems;
        }

        void stop(int port, HttpServer server) {
            server.stop(0); // closes the listening socket and every open connection at once
            LOG.log(System.Logger.Level.INFO, () -> "cluster " + cluster + ": service " + serviceKey
                    + " no longer served on " + address + ":" + port);
        }

        void closeAll() {
            open.forEach(this::stop);
            open.clear();
            failing.clear();
        }

        @Override
        public void handle(HttpExchange exchange) throws IOException {
            try {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream()); // keeps keep-alive usable
                List<Backend> current = backends;
                Headers headers = exchange.getResponseHeaders();
                headers.set("Content-Type", "text/plain; charset=utf-8");
                headers.set(CLUSTER_HEADER, cluster);
                headers.set(SERVICE_HEADER, serviceKey);
                int status;
                String body;
                if (current.isEmpty()) {
                    status = 503;
                    body = "503 Service Unavailable: service " + serviceKey + " in cluster " + cluster + "/"
                            + clusterZone + " has no ready endpoint\n";
                    headers.set(ZONE_HEADER, clusterZone);
                    headers.set("Retry-After", "1");
                } else {
                    Backend backend = current.get(Math.floorMod(next.getAndIncrement(), current.size()));
                    status = 200;
                    body = "hello from " + cluster + "/" + backend.zone() + " pod " + backend.pod() + "\n";
                    headers.set(ZONE_HEADER, backend.zone());
                    headers.set(POD_HEADER, backend.pod());
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                if ("HEAD".equals(exchange.getRequestMethod())) {
                    exchange.sendResponseHeaders(status, -1);
                } else {
                    exchange.sendResponseHeaders(status, bytes.length);
                    exchange.getResponseBody().write(bytes);
                }
            } finally {
                exchange.close();
            }
        }
    }
}
