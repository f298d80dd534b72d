package dev.flotilla.demo;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the control plane's embedded DNS server for A records over UDP, as {@code dig @127.0.0.1 -p PORT NAME}
 * would: one dnsjava {@link SimpleResolver} aimed at the server, no caching, no search list.
 */
final class DnsProbe {

    private final SimpleResolver resolver;

    DnsProbe(int port) {
        resolver = new SimpleResolver(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        resolver.setTimeout(Duration.ofSeconds(1));
    }

    /** @return the answer; never throws (a timeout or error is an answer too) */
    DnsAnswer query(String name) {
        Message query;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), Type.A,
                    DClass.IN));
        } catch (TextParseException e) {
            return DnsAnswer.failed("BADNAME");
        }
        Message response;
        try {
            response = resolver.send(query);
        } catch (IOException e) {
            return DnsAnswer.failed(e instanceof java.net.SocketTimeoutException ? "TIMEOUT" : "ERROR");
        } catch (RuntimeException e) {
            // e.g. dnsjava cannot start its I/O thread while the JVM shuts down
            return DnsAnswer.failed("ERROR");
        }
        List<String> cnames = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (Record record : response.getSection(Section.ANSWER)) {
            if (record instanceof CNAMERecord cname) {
                cnames.add(withoutDot(cname.getTarget().toString()));
            } else if (record instanceof ARecord a) {
                addresses.add(a.getAddress().getHostAddress());
            }
        }
        return new DnsAnswer(Rcode.string(response.getRcode()), cnames, addresses);
    }

    private static String withoutDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
