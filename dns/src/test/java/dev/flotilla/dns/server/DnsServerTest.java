package dev.flotilla.dns.server;

import static dev.flotilla.dns.server.TestZone.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The server through dnsjava's resolver (UDP and TCP) and raw sockets, on loopback and a free port. */
class DnsServerTest {

    static DnsServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new DnsServer(TestZone.snapshot(true, 1), 2).start(InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static SimpleResolver resolver(boolean tcp) throws Exception {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(server.port());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    static Message ask(String name, int type) throws Exception {
        return resolver(false).send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN)));
    }

    static List<String> answers(Message m) {
        return m.getSection(Section.ANSWER).stream()
                .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString()).toList();
    }

    @Test
    void aRecordsOfTheGlobalNameAreAuthoritative() throws Exception {
        Message m = ask(WEB, Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(answers(m)).containsExactly(WEB + ". A 10.0.0.1");
        assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(30);
    }

    @Test
    void aaaaRecords() throws Exception {
        assertThat(answers(ask(WEB_EU_A, Type.AAAA))).containsExactly(WEB_EU_A + ". AAAA 2001:db8:0:0:0:0:0:1");
    }

    @Test
    void aFailedZoneAnswersWithTheCnameChainAndTheTargetsAddressesInOneResponse() throws Exception {
        Message m = ask(WEB_EU_B, Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(m)).containsExactly(WEB_EU_B + ". CNAME " + WEB_EU + ".", WEB_EU + ". A 10.0.0.1");
    }

    @Test
    void aTwoStepChainZoneToRegionToGlobal() throws Exception {
        assertThat(answers(ask(WEB_US_A, Type.A))).containsExactly(
                WEB_US_A + ". CNAME " + WEB_US + ".", WEB_US + ". CNAME " + WEB + ".", WEB + ". A 10.0.0.1");
    }

    @Test
    void aCnameQueryGetsOnlyTheCname() throws Exception {
        assertThat(answers(ask(WEB_EU_B, Type.CNAME))).containsExactly(WEB_EU_B + ". CNAME " + WEB_EU + ".");
    }

    @Test
    void aChainEndingNowhereIsNxdomainWithTheChain() throws Exception {
        Message m = ask(DOWN_EU, Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(answers(m)).containsExactly(DOWN_EU + ". CNAME " + DOWN + ".");
        assertThat(m.getSection(Section.AUTHORITY)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }

    @Test
    void srvWithTheTargetsAddressesInTheAdditionalSection() throws Exception {
        Message m = ask("_http._tcp." + WEB_EU_B, Type.SRV);

        assertThat(answers(m)).containsExactly("_http._tcp." + WEB_EU_B + ". SRV 0 100 80 " + WEB_EU + ".");
        assertThat(m.getSection(Section.ADDITIONAL)).extracting(r -> r.getName() + " " + r.rdataToString())
                .contains(WEB_EU + ". 10.0.0.1", WEB_EU + ". 2001:db8:0:0:0:0:0:1");
    }

    @Test
    void soaAndNsAtTheApex() throws Exception {
        assertThat(answers(ask(DOMAIN, Type.SOA))).containsExactly(
                DOMAIN + ". SOA ns1.flotilla.internal. hostmaster.flotilla.internal. 1 3600 600 86400 30");
        assertThat(answers(ask(DOMAIN, Type.NS))).containsExactly(DOMAIN + ". NS ns1.flotilla.internal.");
    }

    @Test
    void nodataForAnExistingNameWithoutTheType() throws Exception {
        Message m = ask(WEB, Type.TXT);

        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
        assertThat(m.getSection(Section.AUTHORITY)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
    }

    @Test
    void anEmptyNonTerminalIsNodataNotNxdomain() throws Exception {
        Message m = ask("shop.flotilla.svc.flotilla.internal", Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void nxdomainForUnknownNamesWithTheSoa() throws Exception {
        Message m = ask("nope.shop.flotilla.svc.flotilla.internal", Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(m.getSection(Section.AUTHORITY)).singleElement().extracting(Record::getType).isEqualTo(Type.SOA);
        assertThat(m.getSection(Section.AUTHORITY).get(0).getTTL()).isEqualTo(30);
    }

    @Test
    void refusedOutsideTheZoneAndForTransfers() throws Exception {
        Message outside = ask("example.com", Type.A);
        assertThat(outside.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(outside.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(ask("internal", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);

        Message axfr = rawTcp(Message.newQuery(
                Record.newRecord(Name.fromString(DOMAIN, Name.root), Type.AXFR, DClass.IN)).toWire());
        assertThat(axfr.getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void namesAreCaseInsensitiveAndTheQuestionKeepsTheClientsCase() throws Exception {
        String mixed = "WeB.ShOp.FLOTILLA.svc.Flotilla.Internal";
        Message m = ask(mixed, Type.A);

        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getSection(Section.ANSWER)).singleElement().extracting(Record::rdataToString).isEqualTo("10.0.0.1");
        assertThat(m.getQuestion().getName().toString()).isEqualTo(mixed + ".");
    }

    @Test
    void tcpAnswersTheSame() throws Exception {
        Message m = resolver(true).send(Message.newQuery(
                Record.newRecord(Name.fromString(WEB_US_A, Name.root), Type.A, DClass.IN)));

        assertThat(answers(m)).hasSize(3).last().isEqualTo(WEB + ". A 10.0.0.1");
    }

    @Test
    void largeAnswersAreTruncatedOverUdpAndCompleteOverTcp() throws Exception {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(BIG, Name.root), Type.A, DClass.IN));

        Message classic = raw(query.toWire());
        assertThat(classic.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(classic.numBytes()).isLessThanOrEqualTo(512);

        Message tcp = resolver(true).send(query);
        assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(tcp.getSection(Section.ANSWER)).hasSize(BIG_SIZE);
    }

    @Test
    void theClientsEdnsSizeIsHonouredAndOurOwnAdvertised() throws Exception {
        // 120 A records with a compressed owner are 16 bytes each: ~2 KB, more than 1232, fewer than 4096.
        Message small = Message.newQuery(Record.newRecord(Name.fromString(WEB_EU_A + ".", Name.root), Type.A, DClass.IN));
        small.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        Message answer = raw(small.toWire());
        assertThat(answer.getOPT()).isNotNull();
        assertThat(answer.getOPT().getPayloadSize()).isEqualTo(DnsResponder.MAX_UDP_PAYLOAD);
        assertThat(answer.getSection(Section.ANSWER)).hasSize(1);

        Message big = Message.newQuery(Record.newRecord(Name.fromString(BIG, Name.root), Type.A, DClass.IN));
        big.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Message truncated = raw(big.toWire());
        assertThat(truncated.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(truncated.numBytes()).isLessThanOrEqualTo(1232);
        assertThat(truncated.getOPT()).as("the OPT survives truncation").isNotNull();
    }

    @Test
    void unknownEdnsVersionIsBadvers() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(WEB, Name.root), Type.A, DClass.IN));
        q.addRecord(new OPTRecord(1232, 0, 1), Section.ADDITIONAL);

        Message m = raw(q.toWire());

        assertThat(m.getRcode()).isEqualTo(Rcode.BADVERS);
        assertThat(m.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void otherOpcodesAreNotImplemented() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(WEB, Name.root), Type.A, DClass.IN));
        q.getHeader().setOpcode(Opcode.NOTIFY);

        Message m = raw(q.toWire());

        assertThat(m.getRcode()).isEqualTo(Rcode.NOTIMP);
        assertThat(m.getHeader().getOpcode()).isEqualTo(Opcode.NOTIFY);
    }

    @Test
    void anUpdatedSnapshotIsServedToTheVeryNextQuery() throws Exception {
        ZoneSnapshot before = server.zone();
        try {
            server.update(TestZone.snapshot(false, 2));
            assertThat(answers(ask(WEB_EU_A, Type.A))).containsExactly(
                    WEB_EU_A + ". CNAME " + WEB_EU + ".", WEB_EU + ". CNAME " + WEB + ".");
            assertThat(ask(WEB_EU_A, Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        } finally {
            server.update(before);
        }
        assertThat(answers(ask(WEB_EU_A, Type.A))).containsExactly(WEB_EU_A + ". A 10.0.0.1");
    }

    /** The answer section of an A query over TCP to a server on {@code port}. */
    static List<String> answersOverTcp(int port, String name) throws Exception {
        SimpleResolver r = new SimpleResolver(InetAddress.getLoopbackAddress());
        r.setPort(port);
        r.setTCP(true);
        r.setTimeout(Duration.ofSeconds(3));
        return answers(r.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), Type.A, DClass.IN))));
    }

    /** One TCP exchange (length-prefixed) without dnsjava's resolver, which treats AXFR specially. */
    static Message rawTcp(byte[] query) throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(3000);
            var out = new java.io.DataOutputStream(s.getOutputStream());
            out.writeShort(query.length);
            out.write(query);
            out.flush();
            var in = new java.io.DataInputStream(s.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return new Message(answer);
        }
    }

    /** One UDP exchange without dnsjava's resolver, which would retry a truncated answer over TCP. */
    static Message raw(byte[] query) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(3000);
            s.send(new DatagramPacket(query, query.length, InetAddress.getLoopbackAddress(), server.port()));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new Message(java.util.Arrays.copyOf(buf, p.getLength()));
        }
    }
}
