package dev.flotilla.dns.server;

import static dev.flotilla.dns.server.TestZone.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Garbage in never crashes the server: it answers FORMERR (or drops the packet) and keeps answering correctly. */
class MalformedPacketTest {

    private static final long SEED = 20261125L;

    private static byte[] validQuery(String name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name, Name.root), type, DClass.IN));
        q.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        return q.toWire();
    }

    /** Random bytes, every truncation of a valid query, and valid queries with random bytes flipped. */
    private static byte[][] hostilePackets(int random, int mutated) throws Exception {
        Random rnd = new Random(SEED);
        byte[] valid = validQuery(TestZone.WEB_US_A, Type.A);
        byte[][] out = new byte[random + valid.length + mutated][];
        int i = 0;
        for (int k = 0; k < random; k++) {
            byte[] p = new byte[rnd.nextInt(600)];
            rnd.nextBytes(p);
            if (p.length > 2) {
                p[2] &= 0x7F; // mostly queries, so they reach the parser instead of being dropped as responses
            }
            out[i++] = p;
        }
        for (int len = 0; len < valid.length; len++) {
            out[i++] = Arrays.copyOf(valid, len);
        }
        for (int k = 0; k < mutated; k++) {
            byte[] p = valid.clone();
            for (int flips = 1 + rnd.nextInt(4); flips > 0; flips--) {
                p[rnd.nextInt(p.length)] = (byte) rnd.nextInt(256);
            }
            out[i++] = p;
        }
        return out;
    }

    @Test
    void theResponderAnswersEveryHostilePacketWithAParsableMessageOrNothing() throws Exception {
        DnsResponder responder = new DnsResponder(new AtomicReference<>(TestZone.snapshot(true, 1)));
        int formErr = 0;
        int dropped = 0;
        for (byte[] p : hostilePackets(10_000, 10_000)) {
            for (boolean tcp : new boolean[] {false, true}) {
                byte[] answer = responder.respond(p, p.length, tcp);
                if (answer == null) {
                    dropped++;
                    continue;
                }
                Message m = new Message(answer);
                assertThat(m.getHeader().getFlag(Flags.QR)).isTrue();
                assertThat(m.getHeader().getID()).isEqualTo(((p[0] & 0xFF) << 8) | (p[1] & 0xFF));
                assertThat(answer.length).isLessThanOrEqualTo(tcp ? 65535 : DnsResponder.MAX_UDP_PAYLOAD);
                assertThat(m.getRcode()).isNotEqualTo(Rcode.SERVFAIL);
                if (m.getRcode() == Rcode.FORMERR) {
                    formErr++;
                }
            }
        }
        assertThat(formErr).as("random bytes mostly fail to parse").isGreaterThan(5_000);
        assertThat(dropped).as("packets shorter than a header are dropped").isGreaterThan(0);
    }

    @Test
    void theServerSurvivesThousandsOfHostilePacketsOverUdpAndTcp() throws Exception {
        try (DnsServer server = new DnsServer(TestZone.snapshot(true, 1), 2)) {
            server.start(InetAddress.getLoopbackAddress(), 0);
            byte[][] packets = hostilePackets(3000, 2000);
            try (DatagramSocket udp = new DatagramSocket()) {
                for (int i = 0; i < packets.length; i++) {
                    udp.send(new DatagramPacket(packets[i], packets[i].length, InetAddress.getLoopbackAddress(),
                            server.port()));
                    if (i % 200 == 0) {
                        assertAnswersCorrectly(server.port());
                    }
                }
            }
            // Over TCP: garbage inside valid framing, then a frame that lies about its length, then a hang-up.
            for (int i = 0; i < 200; i++) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    var out = new DataOutputStream(s.getOutputStream());
                    byte[] p = packets[i * 20];
                    out.writeShort(p.length);
                    out.write(p);
                    out.writeShort(4000);
                    out.write(p, 0, Math.min(p.length, 10));
                    out.flush();
                } catch (java.net.SocketException hungUp) {
                    // The server may close a connection that sent garbage before the client is done writing
                    // (broken pipe, reset): allowed; what matters is that it keeps answering afterwards.
                }
            }
            assertAnswersCorrectly(server.port());
            assertThat(DnsServerTest.answersOverTcp(server.port(), WEB)).containsExactly(WEB + ". A 10.0.0.1");
        }
    }

    /** A valid query answered correctly; resent like a resolver would, since a flooded UDP socket drops. */
    private static void assertAnswersCorrectly(int port) throws Exception {
        byte[] q = validQuery(WEB, Type.A);
        int id = new Message(q).getHeader().getID();
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(500);
            for (int attempt = 0; attempt < 10; attempt++) {
                s.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), port));
                byte[] buf = new byte[2048];
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    s.receive(p);
                } catch (java.net.SocketTimeoutException e) {
                    continue;
                }
                Message m = new Message(Arrays.copyOf(buf, p.getLength()));
                assertThat(m.getHeader().getID()).isEqualTo(id);
                assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
                assertThat(m.getSection(Section.ANSWER)).singleElement()
                        .extracting(Record::rdataToString).isEqualTo("10.0.0.1");
                return;
            }
        }
        throw new AssertionError("no answer to a valid query after 10 tries");
    }
}
