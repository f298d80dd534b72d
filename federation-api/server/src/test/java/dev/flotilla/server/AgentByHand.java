package dev.flotilla.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import java.time.Instant;

/**
 * What a member's agent writes to the control plane, done by hand in tests that run no agent: lease renewals and
 * the Cluster's Ready report.
 */
public final class AgentByHand {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AgentByHand() {
    }

    /** Renews (or creates) the lease {@code flotilla-es-<cluster>/<cluster>}, as a heartbeat does. */
    public static void renewLease(ControlPlane plane, String cluster) {
        ResourceType leases = type(plane, "coordination.k8s.io", "leases");
        String namespace = "flotilla-es-" + cluster;
        String renewTime = Instant.now().toString();
        plane.objects().ensureNamespace(namespace);
        if (plane.objects().find(leases, namespace, cluster).isEmpty()) {
            plane.objects().create(leases, namespace, json("{'apiVersion':'coordination.k8s.io/v1','kind':'Lease',"
                    + "'metadata':{'name':'" + cluster + "'},'spec':{'holderIdentity':'test','renewTime':'"
                    + renewTime + "'}}"), WriteOptions.DEFAULT);
            return;
        }
        plane.objects().mutate(leases, namespace, cluster, null, ObjectService.Scope.MAIN, WriteOptions.DEFAULT,
                lease -> {
                    ((ObjectNode) lease.with("spec")).put("renewTime", renewTime);
                    return lease;
                });
    }

    /** Writes the Cluster's status with one Ready condition (True, False or Unknown). */
    public static void reportReady(ControlPlane plane, String cluster, String ready) {
        plane.objects().mutate(type(plane, "flotilla.dev", "clusters"), null, cluster, null,
                ObjectService.Scope.STATUS, WriteOptions.DEFAULT, c -> {
                    c.set("status", json("{'conditions':[{'type':'Ready','status':'" + ready + "','reason':"
                            + "'AgentHeartbeat','message':'written by the test','lastTransitionTime':"
                            + "'2026-11-25T12:00:00Z'}]}"));
                    return c;
                });
    }

    /** The registered resource type of a group and plural. */
    public static ResourceType type(ControlPlane plane, String group, String plural) {
        return plane.registry().all().stream().filter(t -> t.group().equals(group) && t.plural().equals(plural))
                .findFirst().orElseThrow();
    }

    /** JSON written with single quotes, for readable literals. */
    public static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
