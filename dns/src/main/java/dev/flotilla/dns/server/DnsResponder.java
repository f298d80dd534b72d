package dev.flotilla.dns.server;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Answers one DNS query from the current {@link ZoneSnapshot}: the transport-free heart of {@link DnsServer}.
 * Parsing and rendering are dnsjava's {@link Message} codec.
 *
 * <p>Behaviour: AA on every answer from the zone; NXDOMAIN for names that do not exist, NOERROR with the SOA
 * (NODATA) for names that exist without the asked type; CNAME chains inside the zone followed in one response;
 * REFUSED outside the zone, for zone transfers and for classes other than IN; NOTIMP for opcodes other than QUERY;
 * FORMERR for packets that do not parse (when at least a header is there; otherwise they are dropped); EDNS0 with
 * the client's UDP size honoured (at least 512, at most {@link #MAX_UDP_PAYLOAD}) and BADVERS for EDNS versions
 * above 0; TC set when an answer does not fit in UDP, so the client retries over TCP. Responses (QR set) are never
 * answered, so two servers cannot ping-pong.
 */
public final class DnsResponder {

    /** The largest UDP payload we send, and advertise: the DNS flag day 2020 value, safe from fragmentation. */
    public static final int MAX_UDP_PAYLOAD = 1232;
    /** Without EDNS0 a UDP answer is at most 512 bytes (RFC 1035). */
    public static final int CLASSIC_UDP_PAYLOAD = 512;
    private static final int MAX_CNAME_CHAIN = 8;
    private static final int HEADER_LENGTH = 12;

    private final AtomicReference<ZoneSnapshot> zone;

    /** Answers from whatever snapshot {@code zone} holds at the time of each query. */
    public DnsResponder(AtomicReference<ZoneSnapshot> zone) {
        this.zone = zone;
    }

    /**
     * The wire-format answer to a wire-format query, or null when the packet must be dropped (too short to hold
     * a header, or itself a response).
     *
     * @param packet the query bytes; only the first {@code length} count
     * @param tcp    true over TCP (no size limit but 65535), false over UDP (truncated to the client's size)
     */
    public byte[] respond(byte[] packet, int length, boolean tcp) {
        if (length < HEADER_LENGTH || (packet[2] & 0x80) != 0) {
            return null;
        }
        Message query;
        try {
            query = new Message(length == packet.length ? packet : java.util.Arrays.copyOf(packet, length));
        } catch (IOException | RuntimeException e) {
            return formErr(packet);
        }
        Message response;
        try {
            response = answer(query);
        } catch (RuntimeException e) {
            // Our failure, not the client's: SERVFAIL, and the packet is dropped if even that cannot be built.
            return servFail(query);
        }
        if (response == null) {
            return formErr(packet);
        }
        int limit = tcp ? 65535 : udpLimit(query);
        return response.toWire(limit);
    }

    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return CLASSIC_UDP_PAYLOAD;
        }
        return Math.max(CLASSIC_UDP_PAYLOAD, Math.min(MAX_UDP_PAYLOAD, opt.getPayloadSize()));
    }

    /** A FORMERR carrying only the query's id and opcode: nothing else of the packet can be trusted. */
    private static byte[] formErr(byte[] packet) {
        int id = ((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF);
        Message m = new Message(id);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setOpcode((packet[2] >> 3) & 0xF);
        m.getHeader().setRcode(Rcode.FORMERR);
        return m.toWire();
    }

    private static byte[] servFail(Message query) {
        try {
            Message m = new Message(query.getHeader().getID());
            m.getHeader().setFlag(Flags.QR);
            m.getHeader().setRcode(Rcode.SERVFAIL);
            if (query.getQuestion() != null) {
                m.addRecord(query.getQuestion(), Section.QUESTION);
            }
            return m.toWire(CLASSIC_UDP_PAYLOAD);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The response message, or null for a query that is malformed in ways the codec accepts. */
    Message answer(Message query) {
        var qh = query.getHeader();
        Message response = new Message(qh.getID());
        var rh = response.getHeader();
        rh.setFlag(Flags.QR);
        rh.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            rh.setFlag(Flags.RD);
        }
        var questions = query.getSection(Section.QUESTION);
        if (qh.getOpcode() != Opcode.QUERY) {
            rh.setRcode(Rcode.NOTIMP);
            return response;
        }
        if (questions.size() != 1 || query.getSection(Section.ANSWER).size() != 0) {
            return null;
        }
        var additional = query.getSection(Section.ADDITIONAL);
        long optCount = additional.stream().filter(r -> r.getType() == Type.OPT).count();
        if (optCount > 1) {
            return null;
        }
        Record question = questions.get(0);
        response.addRecord(question, Section.QUESTION);
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            if (opt.getVersion() != 0) {
                // BADVERS (16) lives in the OPT's extended RCODE bits; the header's four bits stay 0.
                response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, Rcode.BADVERS >>> 4, 0), Section.ADDITIONAL);
                return response;
            }
            response.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        int type = question.getType();
        ZoneSnapshot z = zone.get();
        Name qname = question.getName();
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            rh.setRcode(Rcode.REFUSED);
            return response;
        }
        if (!qname.subdomain(z.origin()) || type == Type.AXFR || type == Type.IXFR) {
            rh.setRcode(Rcode.REFUSED);
            return response;
        }
        if (type == Type.OPT || type == Type.TSIG || type == Type.TKEY || type == Type.MAILA || type == Type.MAILB) {
            rh.setRcode(Rcode.NOTIMP);
            return response;
        }
        rh.setFlag(Flags.AA);
        resolve(z, qname, type, response);
        return response;
    }

    private static void resolve(ZoneSnapshot z, Name qname, int type, Message response) {
        Name current = qname;
        for (int step = 0; step <= MAX_CNAME_CHAIN; step++) {
            Map<Integer, RRset> node = z.node(current);
            if (node == null) {
                if (!z.isEmptyNonTerminal(current)) {
                    response.getHeader().setRcode(Rcode.NXDOMAIN);
                }
                response.addRecord(z.soa(), Section.AUTHORITY);
                return;
            }
            if (type == Type.ANY) {
                node.values().forEach(rs -> addRRset(response, rs, Section.ANSWER));
                return;
            }
            RRset wanted = node.get(type);
            if (wanted != null) {
                addRRset(response, wanted, Section.ANSWER);
                addTargets(z, wanted, response);
                return;
            }
            RRset cname = node.get(Type.CNAME);
            if (cname == null) {
                response.addRecord(z.soa(), Section.AUTHORITY);
                return;
            }
            addRRset(response, cname, Section.ANSWER);
            current = ((CNAMERecord) cname.first()).getTarget();
            // A target outside the zone is the client's to resolve; the chain so far is the answer.
            if (!current.subdomain(z.origin())) {
                return;
            }
        }
        // A loop longer than any sane chain: give what we have (RFC 1034 §5.3.3 leaves it to the resolver).
    }

    /** Addresses of SRV and NS targets inside the zone, so the client needs no second query. */
    private static void addTargets(ZoneSnapshot z, RRset rs, Message response) {
        if (rs.getType() != Type.SRV && rs.getType() != Type.NS) {
            return;
        }
        for (Record r : rs.rrs()) {
            Name target = r instanceof SRVRecord srv ? srv.getTarget() : ((NSRecord) r).getTarget();
            Map<Integer, RRset> node = z.node(target);
            if (node == null) {
                continue;
            }
            for (int t : new int[] {Type.A, Type.AAAA}) {
                RRset addresses = node.get(t);
                if (addresses != null && !response.findRRset(target, t, Section.ADDITIONAL)) {
                    addRRset(response, addresses, Section.ADDITIONAL);
                }
            }
        }
    }

    private static void addRRset(Message response, RRset rs, int section) {
        for (Record r : rs.rrs()) {
            response.addRecord(r, section);
        }
    }
}
