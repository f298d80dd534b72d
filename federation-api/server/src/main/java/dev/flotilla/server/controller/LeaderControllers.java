package dev.flotilla.server.controller;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The controllers that must run on exactly one control-plane member: started when this member becomes the
 * leader, closed when it stops being it (each start lists and reconciles everything afresh, so nothing depends on
 * what a previous leader had in memory). On taking over it records itself in the Lease
 * {@code flotilla-system/flotilla-controllers} (holderIdentity, acquireTime, leaseTransitions), as
 * kube-controller-manager does, so {@code kubectl get lease -n flotilla-system} shows who leads. The lease is a
 * record for people; the election itself is the store's {@link dev.flotilla.store.Leadership}.
 */
public final class LeaderControllers implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderControllers.class);
    public static final String LEASE_NAMESPACE = "flotilla-system";
    public static final String LEASE_NAME = "flotilla-controllers";

    private final String identity;
    private final ObjectService objects;
    private final ResourceType leases;
    private final Clock clock;
    private final Supplier<List<AutoCloseable>> starter;
    private final List<AutoCloseable> running = new ArrayList<>();
    private boolean closed;

    /**
     * @param identity this member's name in the lease
     * @param starter  creates and starts the controllers; returns what to close when leadership ends
     */
    public LeaderControllers(String identity, ObjectService objects, ResourceType leases, Clock clock,
                             Supplier<List<AutoCloseable>> starter) {
        this.identity = identity;
        this.objects = objects;
        this.leases = leases;
        this.clock = clock;
        this.starter = starter;
    }

    /** Starts or stops the controllers as this member becomes or stops being the leader. */
    public synchronized void leading(boolean leading) {
        if (closed) {
            return;
        }
        stopAll();
        if (leading) {
            recordLease();
            running.addAll(starter.get());
            LOG.infof("%s runs the controllers", identity);
        } else {
            LOG.infof("%s no longer runs the controllers", identity);
        }
    }

    private void recordLease() {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS).toString();
        ObjectNode lease = JsonNodeFactory.instance.objectNode();
        lease.put("apiVersion", "coordination.k8s.io/v1").put("kind", "Lease");
        lease.putObject("metadata").put("name", LEASE_NAME).put("namespace", LEASE_NAMESPACE);
        lease.putObject("spec");
        java.util.function.UnaryOperator<ObjectNode> holdBy = current -> {
            ObjectNode spec = current.with("spec");
            boolean transition = !identity.equals(spec.path("holderIdentity").asText(null));
            spec.put("holderIdentity", identity);
            spec.put("acquireTime", now);
            spec.put("renewTime", now);
            spec.put("leaseTransitions", spec.path("leaseTransitions").asInt(-1) + (transition ? 1 : 0));
            return current;
        };
        try {
            objects.upsertAll(List.of(new ObjectService.Upsert(leases, LEASE_NAMESPACE, LEASE_NAME,
                    holdBy.apply(lease.deepCopy()), ObjectService.Scope.MAIN, holdBy)), WriteOptions.DEFAULT);
        } catch (RuntimeException e) {
            // The lease only informs people; the controllers run regardless.
            LOG.warnf("could not record %s as the controllers' leader: %s", identity, e.getMessage());
        }
    }

    private void stopAll() {
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).close();
            } catch (Exception e) {
                LOG.warnf("stopping a controller failed: %s", e.toString());
            }
        }
        running.clear();
    }

    @Override
    public synchronized void close() {
        closed = true;
        stopAll();
    }
}
