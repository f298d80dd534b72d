package dev.flotilla.dns.replica;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.dns.records.DnsSettings;
import dev.flotilla.dns.records.RecordType;
import dev.flotilla.dns.records.ResourceRecordSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordSetIndexTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    @Test
    void servableEntriesOnlyAndNamesLowerCased() throws Exception {
        JsonNode o = json("{'spec':{'endpoints':[{'dnsName':'A.Flotilla.Internal','recordType':'A','targets':"
                + "['10.0.0.1'],'recordTTL':60},{'dnsName':'b.flotilla.internal','recordType':'TXT','targets':['x']},"
                + "{'dnsName':'c.flotilla.internal','recordType':'SOA','targets':['x y 1 2 3 4 5']},"
                + "{'dnsName':'d.flotilla.internal','recordType':'A','targets':[]},{'recordType':'A','targets':['1.1.1.1']},"
                + "{'dnsName':'e.flotilla.internal','recordType':'CNAME','targets':['a.flotilla.internal']}]}}");

        assertThat(RecordSetIndex.recordSets(o)).containsExactly(
                new ResourceRecordSet("a.flotilla.internal", RecordType.A, 60, List.of("10.0.0.1")),
                new ResourceRecordSet("e.flotilla.internal", RecordType.CNAME, 30, List.of("a.flotilla.internal")));
    }

    @Test
    void snapshotsFollowPutsRemovesAndRelists() throws Exception {
        RecordSetIndex index = new RecordSetIndex();
        DnsSettings s = DnsSettings.defaults();
        JsonNode a = json("{'spec':{'endpoints':[{'dnsName':'a.flotilla.internal','recordType':'A','targets':['10.0.0.1']}]}}");
        JsonNode b = json("{'spec':{'endpoints':[{'dnsName':'b.flotilla.internal','recordType':'A','targets':['10.0.0.2']}]}}");

        index.put("ns/a", a);
        index.put("ns/b", b);
        assertThat(index.snapshot(s, 5).size()).isEqualTo(3); // apex, a, b
        assertThat(index.snapshot(s, 5).soa().getSerial()).isEqualTo(5);

        index.remove("ns/a");
        assertThat(index.snapshot(s, 6).size()).isEqualTo(2);

        index.replaceAll(Map.of("ns/a", a));
        assertThat(index.size()).isEqualTo(1);
        assertThat(index.snapshot(s, (1L << 32) + 7).soa().getSerial()).as("serial wraps at 2^32").isEqualTo(7);
    }
}
