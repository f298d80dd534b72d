package dev.flotilla.server.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.apimachinery.registry.ResourceType;
import dev.flotilla.server.AgentByHand;
import dev.flotilla.server.ControlPlane;
import dev.flotilla.server.core.DeleteOptions;
import dev.flotilla.server.core.ObjectService;
import dev.flotilla.server.core.WriteOptions;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.replica.ControlPlaneFeed;
import dev.flotilla.dns.server.DnsServer;
import dev.flotilla.dns.server.ZoneSnapshot;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * From a propagated Service to DNS answers inside the running control plane: Clusters made Ready by hand, the
 * member Services' status written into the Works as an agent would, the DNSRecordSet and the embedded server's
 * answers asserted; then a zone's cluster fails and its name fails over to a CNAME.
 */
@QuarkusTest
@TestProfile(GlobalDnsTest.ExportEndpoints.class)
class GlobalDnsTest {

    /** With the external-dns export on, so the DNSEndpoint mirror is checked along the way. */
    public static class ExportEndpoints implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("flotilla.dns.export-endpoints", "true");
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String ZONE_A = "web.gd.flotilla.svc.gd-1a.gd-1.flotilla.internal";
    private static final String REGION = "web.gd.flotilla.svc.gd-1.flotilla.internal";
    private static final String GLOBAL = "web.gd.flotilla.svc.flotilla.internal";

    @Inject
    ControlPlane plane;

    @TestHTTPResource("/")
    java.net.URL api;

    private ResourceType type(String group, String plural) {
        return plane.registry().all().stream().filter(t -> t.group().equals(group) && t.plural().equals(plural))
                .findFirst().orElseThrow();
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private void create(String group, String plural, String namespace, String body) {
        plane.objects().create(type(group, plural), namespace, json(body), WriteOptions.DEFAULT);
    }

    private void cluster(String name, String zone) {
        create("flotilla.dev", "clusters", null, "{'apiVersion':'flotilla.dev/v1alpha1','kind':'Cluster','metadata':"
                + "{'name':'" + name + "','labels':{'topology.kubernetes.io/region':'gd-1','topology.kubernetes.io/zone':'"
                + zone + "'}},'spec':{'syncMode':'Pull'}}");
        setReady(name, true);
    }

    /** What an agent's heartbeats do: report Ready, and renew the lease (twice: the health success threshold). */
    private void setReady(String name, boolean ready) {
        AgentByHand.reportReady(plane, name, ready ? "True" : "False");
        AgentByHand.renewLease(plane, name);
        AgentByHand.renewLease(plane, name);
    }

    /** What an agent reports for the member Service: applied, a load-balancer IP, ready endpoints. */
    private void reportService(String cluster, String ip, int readyEndpoints) {
        plane.objects().mutate(type("flotilla.dev", "works"), "flotilla-es-" + cluster, "gd-web-service", null,
                ObjectService.Scope.STATUS, WriteOptions.DEFAULT, w -> {
                    long generation = w.path("metadata").path("generation").asLong();
                    w.set("status", json(("{'conditions':[{'type':'Applied','status':'True','reason':'AppliedSuccessful',"
                            + "'message':'ok','observedGeneration':%d,'lastTransitionTime':'2026-11-25T12:00:00Z'}],"
                            + "'manifestStatuses':[{'identifier':{'ordinal':0,'group':'','version':'v1','kind':"
                            + "'Service','namespace':'gd','name':'web'},'health':'Healthy','status':{'loadBalancer':"
                            + "{'ingress':[{'ip':'%s'}]},'readyEndpoints':%d}}]}")
                            .formatted(generation, ip, readyEndpoints)));
                    return w;
                });
    }

    private List<String> dig(String name) throws Exception {
        return dig(plane.dns().orElseThrow().port(), name);
    }

    private static List<String> dig(int port, String name) throws Exception {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(port);
        r.setTimeout(Duration.ofSeconds(2));
        Message m = r.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN)));
        assertThat(m.getRcode()).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
        return m.getSection(Section.ANSWER).stream()
                .map(rec -> Type.string(rec.getType()) + " " + rec.rdataToString()).toList();
    }

    @Test
    void serviceInTwoZonesAnswersPerZoneAndFailsOverWhenAZoneFails() throws Exception {
        cluster("gd-a1", "gd-1a");
        cluster("gd-b1", "gd-1b");
        create("", "namespaces", null, "{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'gd'}}");
        create("flotilla.dev", "propagationpolicies", "gd", "{'apiVersion':'flotilla.dev/v1alpha1','kind':"
                + "'PropagationPolicy','metadata':{'name':'web','namespace':'gd'},'spec':{'resourceSelectors':"
                + "[{'apiVersion':'v1','kind':'Service','name':'web'}],'placement':{'clusterAffinity':"
                + "{'clusterNames':['gd-a1','gd-b1']}}}}");
        create("", "services", "gd", "{'apiVersion':'v1','kind':'Service','metadata':{'name':'web','namespace':'gd'},"
                + "'spec':{'type':'LoadBalancer','selector':{'app':'web'},'ports':[{'name':'http','port':80,"
                + "'protocol':'TCP'}]}}");
        await().atMost(Duration.ofSeconds(20)).until(() -> plane.objects()
                .find(type("flotilla.dev", "works"), "flotilla-es-gd-b1", "gd-web-service").isPresent()
                && plane.objects().find(type("flotilla.dev", "works"), "flotilla-es-gd-a1", "gd-web-service").isPresent());
        reportService("gd-a1", "10.20.0.1", 2);
        reportService("gd-b1", "10.20.1.1", 3);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(dig(ZONE_A)).containsExactly("A 10.20.0.1");
            assertThat(dig(GLOBAL)).containsExactlyInAnyOrder("A 10.20.0.1", "A 10.20.1.1");
        });
        JsonNode recordSet = plane.objects().get(type("flotilla.dev", "dnsrecordsets"), "gd", "web");
        assertThat(recordSet.at("/spec/service").asText()).isEqualTo("web");
        assertThat(recordSet.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("Service");
        assertThat(recordSet.at("/spec/endpoints").toString()).contains("\"dnsName\":\"_http._tcp." + GLOBAL + "\"");

        ResourceType dnsEndpoints = type("externaldns.k8s.io", "dnsendpoints");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode current = plane.objects().get(type("flotilla.dev", "dnsrecordsets"), "gd", "web");
            JsonNode exported = plane.objects().find(dnsEndpoints, "gd", "web").orElseThrow();
            assertThat(exported.at("/spec/endpoints")).isEqualTo(current.at("/spec/endpoints"));
            assertThat(exported.at("/metadata/ownerReferences/0/kind").asText()).isEqualTo("DNSRecordSet");
        });

        // A standalone replica (`flotilla dns`) fed over the API answers the same, and follows the failover.
        DnsSettings settings = DnsSettings.defaults();
        try (DnsServer replica = new DnsServer(ZoneSnapshot.empty(settings), 1)
                .start(InetAddress.getLoopbackAddress(), 0);
             ControlPlaneFeed feed = new ControlPlaneFeed(api.toURI(), null, settings, replica).start()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(dig(replica.port(), ZONE_A)).containsExactly("A 10.20.0.1"));

            setReady("gd-a1", false);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dig(ZONE_A))
                    .containsExactly("CNAME " + REGION + ".", "A 10.20.1.1"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dig(replica.port(), ZONE_A))
                    .containsExactly("CNAME " + REGION + ".", "A 10.20.1.1"));
        }

        // No ready endpoint anywhere: the chain ends at the global name, which does not exist.
        reportService("gd-b1", "10.20.1.1", 0);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dig(ZONE_A))
                .containsExactly("CNAME " + REGION + ".", "CNAME " + GLOBAL + "."));

        // The cluster recovers; once its agent reports again the zone answers with its own address.
        setReady("gd-a1", true);
        // The Work comes back when the cluster is rescheduled: until then reporting fails (404) and is retried.
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
            reportService("gd-a1", "10.20.0.1", 2);
            assertThat(dig(ZONE_A)).containsExactly("A 10.20.0.1");
        });

        plane.objects().delete(type("", "services"), "gd", "web", DeleteOptions.DEFAULT);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(plane.objects().find(type("flotilla.dev", "dnsrecordsets"), "gd", "web")).isEmpty();
            assertThat(plane.objects().find(dnsEndpoints, "gd", "web")).isEmpty();
            assertThat(dig(GLOBAL)).isEmpty();
        });
    }
}
