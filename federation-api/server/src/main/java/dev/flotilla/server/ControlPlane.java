package dev.flotilla.server;

import dev.flotilla.api.FlotillaApi;
import dev.flotilla.apimachinery.registry.ResourceRegistry;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.server.DnsServer;
import dev.flotilla.dns.server.ZoneSnapshot;
import dev.flotilla.server.dns.DnsEndpointExporter;
import dev.flotilla.server.dns.DnsRecordController;
import dev.flotilla.server.dns.DnsZoneFeed;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.api.ApiException;
import dev.flotilla.server.api.ApiHandler;
import dev.flotilla.server.auth.BootstrapTokens;
import dev.flotilla.server.auth.ClusterTokenRequests;
import dev.flotilla.server.auth.TokenAuth;
import dev.flotilla.server.controller.ControllerLoop;
import dev.flotilla.server.controller.LeaderControllers;
import dev.flotilla.server.controller.NamespaceController;
import dev.flotilla.server.controller.Reconciler;
import dev.flotilla.server.core.KindValidator;
import dev.flotilla.server.core.Validator;
import dev.flotilla.server.crd.CustomResourceDefinitions;
import dev.flotilla.server.placement.PlacementPreviews;
import dev.flotilla.server.propagation.Propagation;
import dev.flotilla.server.events.EventRecorder;
import dev.flotilla.server.health.ClusterHealthController;
import dev.flotilla.propagation.failover.HealthSettings;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.watch.WatchService;
import dev.flotilla.store.DurableObjectStore;
import dev.flotilla.store.KeyPrefix;
import dev.flotilla.store.ObjectStores;
import dev.flotilla.store.StoreConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The control plane's parts, wired once at start-up: the durable store, the registry of kinds, the object
 * service, the API handler and the watch service. Plain objects underneath; this bean only owns their lifecycle.
 */
@ApplicationScoped
public class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class);

    /** Namespaces every cluster has, created at first start. */
    static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "flotilla-system");

    @Inject
    ServerConfig config;

    @Inject
    MeterRegistry meters;

    private DurableObjectStore store;
    private ApiComponents components;
    private CustomResourceDefinitions crds;
    private ResourceRegistry registry;
    private ObjectService objects;
    private ApiHandler api;
    private WatchService watches;
    private ControllerLoop crdLoop;
    private LeaderControllers leaderControllers;
    private final java.util.concurrent.ScheduledExecutorService housekeeping =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "housekeeping");
                thread.setDaemon(true);
                return thread;
            });
    private DnsServer dnsServer;
    private DnsZoneFeed dnsFeed;

    void start(@Observes @Priority(10) StartupEvent event) {
        Path dataDir = Path.of(config.dataDir());
        ServerConfig.Hazelcast peers = config.hazelcast();
        ServerConfig.Store shared = config.store();
        store = ObjectStores.open(StoreConfig.builder(dataDir)
                .clusterName(peers.clusterName())
                .members(peers.members().stream().map(String::trim).filter(m -> !m.isEmpty()).toList())
                .discoveryDns(peers.discoveryDns().orElse(""))
                .hazelcastPort(peers.port())
                .bindAddress(peers.bind())
                .sharedLog(shared.url().map(url -> new StoreConfig.SharedLog(url, shared.user(),
                        shared.password().orElse(""))).orElse(null))
                .build());
        components = ApiComponents.create();
        registry = components.registry();
        Clock clock = Clock.systemUTC();
        KindValidator kinds = new KindValidator();
        // CRDs are validated by the component that serves them, which itself writes through the object service.
        Validator validator = (type, object, previous) -> type.plural().equals("customresourcedefinitions")
                && type.group().equals("apiextensions.k8s.io")
                ? concat(kinds.validate(type, object, previous), crds.validate(object))
                : kinds.validate(type, object, previous);
        objects = new ObjectService(new MeteredObjectStore(store, meters), validator, clock);
        crds = new CustomResourceDefinitions(objects, registry, components.schemas(), clock,
                () -> store.leadership().isLeader());
        crds.loadAll();
        ResourceType secrets = registry.byResource("", "v1", "secrets").orElseThrow();
        api = new ApiHandler(registry, objects, components.bodies(), components.patching(),
                new TokenAuth(objects, secrets, clock), reviews(), config.maxRequestBytes(), clock);
        watches = new WatchService(objects, config.bookmarkInterval());
        createSystemNamespaces();
        BootstrapTokens.ensureFirst(objects, secrets, dataDir);
        // Every member serves: the API above, the kinds of every CRD, and DNS answers from its own copy.
        crdLoop = startController("customresourcedefinitions", List.of(KeyPrefix.of("apiextensions.k8s.io",
                "customresourcedefinitions")), crds);
        startDnsServer();
        // One member (the leader; alone, this one) runs the controllers that write.
        String identity = memberIdentity();
        leaderControllers = new LeaderControllers(identity, objects,
                registry.byResource("coordination.k8s.io", "v1", "leases").orElseThrow(), clock,
                () -> startControllers(clock));
        store.leadership().onChange(leaderControllers::leading);
        LOG.infof("store open in %s at revision %d; member %s", config.store().url().orElse(
                dataDir.toAbsolutePath().toString()), store.currentRevision(), identity);
    }

    /** This member's name among the control plane's members: host and process. */
    private static String memberIdentity() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "localhost";
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    /** Creates and starts the leader's controllers; returns them, to be closed when leadership ends. */
    private List<AutoCloseable> startControllers(Clock clock) {
        List<AutoCloseable> started = new ArrayList<>();
        started.add(startController("namespaces", List.of(KeyPrefix.of("", "namespaces")),
                new NamespaceController(objects, registry)));
        EventRecorder events = new EventRecorder(objects, registry, clock);
        Duration eventTtl = config.eventTtl();
        var expiry = housekeeping.scheduleWithFixedDelay(() -> {
            try {
                events.expire(eventTtl);
            } catch (RuntimeException e) {
                LOG.warnf("expiring Events failed: %s", e.getMessage());
            }
        }, 1, 5, java.util.concurrent.TimeUnit.MINUTES);
        started.add(() -> expiry.cancel(false));
        ServerConfig.Health health = config.health();
        ClusterHealthController clusterHealth = new ClusterHealthController(store, objects, registry, events,
                new HealthSettings(health.gracePeriod(), health.successThreshold(), health.rebalanceDelay(),
                        health.startupGrace()), clock);
        clusterHealth.start();
        started.add(clusterHealth::close);
        Propagation propagation = new Propagation(store, objects, registry, events, clock);
        propagation.start();
        started.add(propagation::close);
        started.addAll(startDnsControllers());
        // CRDs established or deleted while no member led are finished now.
        objects.listStored(crdType(), null, dev.flotilla.server.core.ListOptions.all()).items()
                .forEach(crd -> crdLoop.enqueue(crd.key()));
        return started;
    }

    private ResourceType crdType() {
        return registry.byResource("apiextensions.k8s.io", "v1", "customresourcedefinitions").orElseThrow();
    }

    /** The controllers that write DNS records (and, if asked, their external-dns export). */
    private List<AutoCloseable> startDnsControllers() {
        ServerConfig.Dns dns = config.dns();
        DnsSettings settings = dnsSettings();
        List<AutoCloseable> started = new ArrayList<>();
        DnsRecordController records = new DnsRecordController(objects, registry, settings);
        ControllerLoop loop = new ControllerLoop("dns-records", store, records.watched(), records::keysFor, records);
        loop.start();
        started.add(loop);
        if (dns.exportEndpoints()) {
            DnsEndpointExporter exporter = new DnsEndpointExporter(objects, registry);
            exporter.ensureCrd();
            ControllerLoop export = new ControllerLoop("dns-endpoints", store, exporter.watched(), exporter::keysFor,
                    exporter);
            export.start();
            started.add(export);
        }
        return started;
    }

    private DnsSettings dnsSettings() {
        ServerConfig.Dns dns = config.dns();
        return new DnsSettings(dns.federation(), dns.domain(), dns.ttl(), List.of());
    }

    /** The embedded DNS server (unless port -1), answering from this member's copy of the DNSRecordSets. */
    private void startDnsServer() {
        ServerConfig.Dns dns = config.dns();
        if (dns.port() < 0) {
            return;
        }
        DnsSettings settings = dnsSettings();
        try {
            dnsServer = new DnsServer(ZoneSnapshot.empty(settings), dns.udpWorkers())
                    .start(InetAddress.getByName(dns.host()), dns.port());
        } catch (IOException e) {
            throw new IllegalStateException("DNS: " + e.getMessage() + " (choose another with --dns-port, or -1 for "
                    + "no DNS server)", e);
        }
        dnsFeed = new DnsZoneFeed(store, KeyPrefix.of(FlotillaApi.GROUP, "dnsrecordsets"), settings, dnsServer);
        dnsFeed.start();
        LOG.infof("DNS for zone %s (federation %s) on %s:%d, UDP and TCP", settings.domain(), settings.federation(),
                dns.host(), dnsServer.port());
    }

    private static List<ApiException.Cause> concat(List<ApiException.Cause> first, List<ApiException.Cause> second) {
        List<ApiException.Cause> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private ControllerLoop startController(String name, List<KeyPrefix> prefixes, Reconciler reconciler) {
        ControllerLoop loop = new ControllerLoop(name, store, prefixes, changed -> List.of(changed.key()), reconciler);
        loop.start();
        return loop;
    }

    void stop(@Observes ShutdownEvent event) {
        if (leaderControllers != null) {
            leaderControllers.close();
        }
        if (dnsFeed != null) {
            dnsFeed.close();
        }
        if (dnsServer != null) {
            dnsServer.close();
        }
        housekeeping.shutdownNow();
        if (crdLoop != null) {
            crdLoop.close();
        }
        if (store != null) {
            store.close();
        }
    }

    private void createSystemNamespaces() {
        SYSTEM_NAMESPACES.forEach(objects::ensureNamespace);
    }

    /** Review-style kinds: answered inline, stored nowhere. */
    private Map<String, ApiHandler.ReviewHandler> reviews() {
        return Map.of("Cluster/token", new ClusterTokenRequests(objects, registry),
                "PlacementPreview", new PlacementPreviews(objects, registry, Clock.systemUTC()));
    }

    public ApiComponents components() {
        return components;
    }

    public ApiHandler api() {
        return api;
    }

    public WatchService watches() {
        return watches;
    }

    public ObjectService objects() {
        return objects;
    }

    public ResourceRegistry registry() {
        return registry;
    }

    /** The embedded DNS server, when one runs ({@code --dns-port} not -1). */
    public java.util.Optional<DnsServer> dns() {
        return java.util.Optional.ofNullable(dnsServer);
    }

    public DurableObjectStore store() {
        return store;
    }
}
