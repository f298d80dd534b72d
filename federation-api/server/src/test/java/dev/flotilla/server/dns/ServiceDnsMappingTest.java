package dev.flotilla.server.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.api.v1alpha1.Cluster;
import dev.flotilla.dns.records.ClusterEndpoints;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.records.RecordComputation;
import dev.flotilla.dns.records.RecordType;
import dev.flotilla.dns.records.ResourceRecordSet;
import dev.flotilla.dns.records.ServicePort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** API objects to DNS inputs and records to DNSRecordSets and back, without a server. */
class ServiceDnsMappingTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return MAPPER.readTree(text.replace('\'', '"'));
    }

    private static Cluster cluster(String name, String region, String zone, boolean ready) throws Exception {
        return ServiceDnsMapping.cluster(json("{'apiVersion':'flotilla.dev/v1alpha1','kind':'Cluster','metadata':{'name':'"
                + name + "','labels':{'topology.kubernetes.io/region':'" + region + "','topology.kubernetes.io/zone':'"
                + zone + "'}},'status':{'conditions':[{'type':'Ready','status':'" + (ready ? "True" : "False") + "'}]}}"));
    }

    @Test
    void bindingTargetsReportsAndClustersBecomeTheInput() throws Exception {
        JsonNode service = json("{'metadata':{'name':'web','namespace':'shop','uid':'u-1'},'spec':{'ports':["
                + "{'name':'http','port':80,'protocol':'TCP'},{'port':8080}]}}");
        JsonNode binding = json("{'spec':{'clusters':[{'name':'a'},{'name':'b'},{'name':'gone'}]},'status':{"
                + "'aggregatedStatus':[{'clusterName':'a','status':{'loadBalancer':{'ingress':[{'ip':'10.0.0.1'},"
                + "{'hostname':'lb.example.com'}]},'readyEndpoints':2}},{'clusterName':'b','status':{}}]}}");
        Map<String, Cluster> clusters = Map.of("a", cluster("a", "r1", "z1", true), "b", cluster("b", "r1", "z2", false),
                "c", cluster("c", "r2", "z3", true));

        var in = ServiceDnsMapping.endpoints(service, binding, clusters);

        assertThat(in.namespace()).isEqualTo("shop");
        assertThat(in.name()).isEqualTo("web");
        assertThat(in.ports()).containsExactly(new ServicePort("http", "TCP", 80), new ServicePort(null, null, 8080));
        assertThat(in.clusters()).containsExactly(
                new ClusterEndpoints("a", "r1", "z1", true, List.of("10.0.0.1"), 2),
                new ClusterEndpoints("b", "r1", "z2", false, List.of(), 0),
                new ClusterEndpoints("gone", null, null, false, List.of(), 0),
                new ClusterEndpoints("c", "r2", "z3", true, List.of(), 0));
    }

    @Test
    void recordsRoundTripThroughADnsRecordSet() throws Exception {
        var settings = DnsSettings.defaults();
        JsonNode service = json("{'metadata':{'name':'web','namespace':'shop','uid':'u-1'},'spec':{'ports':["
                + "{'name':'http','port':80}]}}");
        var records = RecordComputation.forService(settings, new dev.flotilla.dns.records.ServiceEndpoints("shop", "web",
                List.of(new ServicePort("http", "TCP", 80)),
                List.of(new ClusterEndpoints("a", "r1", "z1", true, List.of("10.0.0.1", "2001:db8::1"), 1),
                        new ClusterEndpoints("b", "r1", "z2", false, List.of("10.0.0.2"), 1))));

        var object = ServiceDnsMapping.recordSetObject(service, records);

        assertThat(object.at("/kind").asText()).isEqualTo("DNSRecordSet");
        assertThat(object.at("/metadata/ownerReferences/0/uid").asText()).isEqualTo("u-1");
        assertThat(object.at("/spec/endpoints/0").toString()).isEqualTo(
                "{\"dnsName\":\"_http._tcp.web.shop.flotilla.svc.flotilla.internal\",\"recordType\":\"SRV\","
                        + "\"targets\":[\"0 100 80 web.shop.flotilla.svc.flotilla.internal\"],\"recordTTL\":30}");
        assertThat(ServiceDnsMapping.recordSets(object)).containsExactlyElementsOf(records.records());
    }

    @Test
    void unusableEntriesOfAStoredRecordSetAreLeftOut() throws Exception {
        JsonNode stored = json("{'spec':{'endpoints':[{'dnsName':'a.flotilla.internal','recordType':'A','targets':"
                + "['10.0.0.1']},{'dnsName':'b.flotilla.internal','recordType':'TXT','targets':['x']},"
                + "{'dnsName':'c.flotilla.internal','recordType':'A','targets':[]},{'recordType':'A','targets':['10.0.0.2']},"
                + "{'dnsName':'d.flotilla.internal','recordType':'A','targets':['10.0.0.3'],'recordTTL':-5}]}}");

        assertThat(ServiceDnsMapping.recordSets(stored)).containsExactly(
                new ResourceRecordSet("a.flotilla.internal", RecordType.A, 30, List.of("10.0.0.1")));
    }
}
