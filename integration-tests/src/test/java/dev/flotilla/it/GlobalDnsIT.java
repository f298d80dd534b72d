package dev.flotilla.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.it.support.ApiClient;
import dev.flotilla.demo.local.ControlPlaneProcess;
import dev.flotilla.it.support.Kubectl;
import dev.flotilla.it.support.KubectlTable;
import dev.flotilla.demo.local.MemberFederation;
import dev.flotilla.demo.local.MemberFederation.Member;
import dev.flotilla.demo.local.MemberSpec;
import dev.flotilla.it.support.FederationUnderTest;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.flotilla.it.support.FederationChecks.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Global service DNS end to end: {@code ./flotilla server} as a process with its DNS server on a free loopback
 * port, four simulated member clusters with their real agents (zones {@code eu-1a} and {@code eu-1b} of region
 * {@code eu-1}, the latter with two clusters, and zone {@code us-1a} of region {@code us-1}), and the real
 * {@code kubectl.1.33} applying a Deployment, a LoadBalancer Service with the named port {@code http} and a
 * PropagationPolicy spreading them over the three zones. The answers are read with the real {@code dig}, over UDP
 * and TCP, and compared whole with the load-balancer addresses each member's Service reports in its status:
 * each zone name answers its zone's addresses, each region name its region's, the global name all of them, and
 * the SRV records name the nearest name with addresses.
 *
 * <p>Then zone {@code eu-1a}'s only cluster fails as an outage looks from outside: its simulated API server is
 * stopped, its agent's probes are refused and after {@code memberFailureThreshold} of them the agent reports
 * Ready=False. The zone name must then answer with a CNAME to the region name plus the region's addresses, and the
 * region and global names must drop the failed cluster's address.
 *
 * <p>Promptness (issue #7: "an unhealthy cluster's endpoints leave the answers within one second of its health
 * change") is measured from the moment a watch on the Cluster delivers Ready=False to the first DNS answer without
 * the address (polled every few milliseconds). Before the outage the failed cluster's agent is restarted with its
 * periodic Work re-reports turned off: otherwise its report "Service unreachable" races the heartbeat and could
 * remove the address first, and the measurement would not be of the health path. The test asserts the causal
 * order from the control plane's own revisions (the DNSRecordSet change comes after the Cluster change) and a
 * generous bound on the delay; it prints the measured delays.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GlobalDnsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * The asserted bound from Ready=False (as a watch sees it) to the answer without the address: five times the
     * issue's goal, so that a busy shared machine does not fail the test, yet far below anything else that could
     * update the answers (the failed cluster's agent re-reports nothing for 10 minutes; the control plane has no
     * periodic resync; the record TTL is 30 s).
     */
    private static final Duration PROMPTNESS_BOUND = Duration.ofSeconds(5);
    private static final String NS = "shop";
    private static final String A1 = "dns-a1";
    private static final String B1 = "dns-b1";
    private static final String B2 = "dns-b2";
    private static final String C1 = "dns-c1";
    private static final List<MemberSpec> MEMBERS = List.of(new MemberSpec(A1, "eu-1", "eu-1a"),
            new MemberSpec(B1, "eu-1", "eu-1b"), new MemberSpec(B2, "eu-1", "eu-1b"),
            new MemberSpec(C1, "us-1", "us-1a"));

    private static final String GLOBAL = "web.shop.flotilla.svc.flotilla.internal";
    private static final String REGION_EU = "web.shop.flotilla.svc.eu-1.flotilla.internal";
    private static final String REGION_US = "web.shop.flotilla.svc.us-1.flotilla.internal";
    private static final String ZONE_EU_A = "web.shop.flotilla.svc.eu-1a.eu-1.flotilla.internal";
    private static final String ZONE_EU_B = "web.shop.flotilla.svc.eu-1b.eu-1.flotilla.internal";
    private static final String ZONE_US_A = "web.shop.flotilla.svc.us-1a.us-1.flotilla.internal";
    private static final String TTL = "30";

    private static final String APP = """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
            ---
            apiVersion: flotilla.dev/v1alpha1
            kind: PropagationPolicy
            metadata:
              name: web
              namespace: shop
            spec:
              resourceSelectors:
              - apiVersion: apps/v1
                kind: Deployment
                name: web
              - apiVersion: v1
                kind: Service
                name: web
              placement:
                spreadConstraints:
                - spreadByField: zone
                  minGroups: 3
                replicaScheduling:
                  replicaSchedulingType: Divided
                  replicaDivisionPreference: Weighted
                  weightPreference:
                    staticWeightList:
                    - targetCluster:
                        clusterNames: [dns-a1, dns-b1, dns-b2, dns-c1]
                      weight: 1
            ---
            apiVersion: v1
            kind: Service
            metadata:
              name: web
              namespace: shop
            spec:
              type: LoadBalancer
              selector:
                app: web
              ports:
              - name: http
                protocol: TCP
                port: 80
                targetPort: 8080
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              namespace: shop
            spec:
              replicas: 8
              selector:
                matchLabels:
                  app: web
              template:
                metadata:
                  labels:
                    app: web
                spec:
                  containers:
                  - name: web
                    image: nginx:1.27
                    ports:
                    - containerPort: 8080
                    resources:
                      requests:
                        cpu: 100m
            """;

    private FederationUnderTest setup;
    private ControlPlaneProcess server;
    private Kubectl kubectl;
    private MemberFederation federation;
    private ApiClient api;
    private int dnsPort;
    private final ExecutorService background = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "global-dns-it");
        thread.setDaemon(true);
        return thread;
    });

    @BeforeAll
    void startFederation() throws Exception {
        setup = FederationUnderTest.start(getClass(), List.of(), MEMBERS,
                cluster -> cluster.nodes(2).podStartDelay(Duration.ofMillis(200)),
                // Status re-reported every second, so ready endpoints reach the control plane quickly; two refused
                // probes 500 ms apart turn a member not Ready.
                agent -> agent.heartbeatInterval(Duration.ofMillis(500)).leaseDuration(Duration.ofSeconds(10))
                        .workResyncInterval(Duration.ofSeconds(3)).statusResyncInterval(Duration.ofSeconds(1))
                        .memberRequestTimeout(Duration.ofSeconds(2)).memberFailureThreshold(2));
        server = setup.server();
        dnsPort = server.dnsPort();
        api = new ApiClient(server.baseUri());
        kubectl = setup.kubectl();
        federation = setup.federation();
    }

    @AfterAll
    void stopFederation() {
        background.shutdownNow();
        if (setup != null) {
            setup.close();
        }
    }

    @Test
    void zoneRegionAndGlobalNamesFollowTheMembersAndFailOverWhenAZoneFails() throws Exception {
        setup.awaitClustersReady(WAIT);
        ok(kubectl.run("apply", "-f", kubectl.manifest("app.yaml", APP).toString()));
        await("kubectl get deploy shows 8/8").atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            KubectlTable table = KubectlTable.parse(ok(kubectl.run("get", "deploy", "web", "-n", NS)).stdout());
            assertThat(table.row("web")).containsEntry("READY", "8/8");
        });

        // The truth to compare with: the address each member's load balancer got, as the member reports it.
        Map<String, String> ip = new LinkedHashMap<>();
        for (MemberSpec spec : MEMBERS) {
            ip.put(spec.name(), await("the load-balancer address of " + spec.name()).atMost(WAIT)
                    .until(() -> loadBalancerIp(federation.member(spec.name())), a -> a != null));
        }
        assertThat(Set.copyOf(ip.values())).as("distinct load-balancer addresses").hasSize(MEMBERS.size());

        await("every member's address under the global name").atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(dig(false, GLOBAL, "A").answer())
                        .containsExactlyInAnyOrderElementsOf(a(GLOBAL, ip.values())));

        // Zone, region and global names; the same over UDP and TCP.
        assertAddresses(ZONE_EU_A, ip.get(A1));
        assertAddresses(ZONE_EU_B, ip.get(B1), ip.get(B2));
        assertAddresses(ZONE_US_A, ip.get(C1));
        assertAddresses(REGION_EU, ip.get(A1), ip.get(B1), ip.get(B2));
        assertAddresses(REGION_US, ip.get(C1));
        assertAddresses(GLOBAL, ip.get(A1), ip.get(B1), ip.get(B2), ip.get(C1));
        // SRV for the named port: the target is the name itself while it has addresses, which come along as
        // additional records.
        assertSrv(GLOBAL, GLOBAL, ip.get(A1), ip.get(B1), ip.get(B2), ip.get(C1));
        assertSrv(REGION_US, REGION_US, ip.get(C1));
        assertSrv(ZONE_EU_B, ZONE_EU_B, ip.get(B1), ip.get(B2));
        assertSrv(ZONE_EU_A, ZONE_EU_A, ip.get(A1));

        // Only the heartbeat may take dns-a1's address out: its new agent re-reports no Work status on its own.
        Member a1 = federation.restartAgent(A1, agent -> agent.heartbeatInterval(Duration.ofMillis(500))
                .leaseDuration(Duration.ofSeconds(10)).workResyncInterval(Duration.ofMinutes(10))
                .statusResyncInterval(Duration.ofMinutes(10)).memberRequestTimeout(Duration.ofSeconds(2))
                .memberFailureThreshold(2));
        await("the restarted agent of " + A1 + " beats").atMost(WAIT)
                .until(() -> a1.agent().status().ready() && "True".equals(a1.agent().status().memberReady()));
        assertThat(clusterReady(api.get("/apis/flotilla.dev/v1alpha1/clusters/" + A1).json())).isEqualTo("True");

        FailoverTimes times = failOver(a1, ip);

        // What a resolver sees now: the zone falls back to its region, the region and the world lose dns-a1.
        DigAnswer zone = assertSameOverUdpAndTcp(ZONE_EU_A, "A");
        assertThat(zone.status()).isEqualTo("NOERROR");
        assertThat(zone.flags()).contains("aa");
        assertThat(zone.answer()).hasSize(3);
        assertThat(zone.answer().get(0)).isEqualTo(cname(ZONE_EU_A, REGION_EU));
        assertThat(zone.answer().subList(1, 3)).containsExactlyInAnyOrderElementsOf(a(REGION_EU,
                List.of(ip.get(B1), ip.get(B2))));
        assertAddresses(REGION_EU, ip.get(B1), ip.get(B2));
        assertAddresses(GLOBAL, ip.get(B1), ip.get(B2), ip.get(C1));
        assertAddresses(ZONE_EU_B, ip.get(B1), ip.get(B2));
        assertAddresses(ZONE_US_A, ip.get(C1));
        assertAddresses(REGION_US, ip.get(C1));
        // An SRV target must not be a CNAME: the failed zone's SRV names the region.
        assertSrv(ZONE_EU_A, REGION_EU, ip.get(B1), ip.get(B2));
        assertSrv(GLOBAL, GLOBAL, ip.get(B1), ip.get(B2), ip.get(C1));

        times.print();
        assertThat(times.recordSetRevision()).as("the DNSRecordSet without " + A1 + " is written after "
                + "its Cluster turned Ready=False").isGreaterThan(times.clusterRevision());
        assertThat(times.healthToAnswer()).as("Ready=False seen → DNS answer without " + A1)
                .isLessThan(PROMPTNESS_BOUND);
    }

    // ---- the outage and its timing ----

    /** What the failover looked like from outside, in nanoTime and control-plane revisions. */
    private record FailoverTimes(long stoppedNanos, long readyFalseSeenNanos, long recordSetSeenNanos,
                                 long answerChangedNanos, long clusterRevision, long recordSetRevision,
                                 String lastTransitionTime, Instant answerChangedAt, int polls) {

        Duration healthToAnswer() {
            return Duration.ofNanos(answerChangedNanos - readyFalseSeenNanos);
        }

        void print() {
            System.out.printf("GlobalDnsIT failover timing: member stopped → Ready=False seen by a watch: %d ms; "
                            + "Ready=False seen → DNSRecordSet change seen: %d ms; Ready=False seen → first DNS "
                            + "answer without the address: %d ms (member stopped → answer: %d ms; %d polls); "
                            + "Cluster revision %d, DNSRecordSet revision %d; Ready lastTransitionTime %s, answer "
                            + "changed at %s%n",
                    millis(readyFalseSeenNanos - stoppedNanos), millis(recordSetSeenNanos - readyFalseSeenNanos),
                    millis(answerChangedNanos - readyFalseSeenNanos), millis(answerChangedNanos - stoppedNanos),
                    polls, clusterRevision, recordSetRevision, lastTransitionTime, answerChangedAt);
        }

        private static long millis(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(nanos);
        }
    }

    /** One watch event as it arrived: when, its object's resourceVersion, the object. */
    private record Seen(long nanos, long revision, JsonNode object) {
    }

    /**
     * Stops dns-a1's simulated cluster while watching its Cluster and the DNSRecordSet through the API and polling
     * the region name over UDP every few milliseconds; returns once all three saw the change.
     */
    private FailoverTimes failOver(Member a1, Map<String, String> ip) throws Exception {
        String failedIp = ip.get(A1);
        String clusterRevision = api.get("/apis/flotilla.dev/v1alpha1/clusters").json()
                .path("metadata").path("resourceVersion").asText();
        CompletableFuture<Seen> readyFalse = watch("/apis/flotilla.dev/v1alpha1/clusters", clusterRevision,
                cluster -> A1.equals(cluster.path("metadata").path("name").asText())
                        && "False".equals(clusterReady(cluster)));
        String recordSetRevision = api.get("/apis/flotilla.dev/v1alpha1/namespaces/" + NS + "/dnsrecordsets").json()
                .path("metadata").path("resourceVersion").asText();
        CompletableFuture<Seen> recordsWithout = watch("/apis/flotilla.dev/v1alpha1/namespaces/" + NS
                + "/dnsrecordsets", recordSetRevision, recordSet -> "web".equals(recordSet.path("metadata")
                .path("name").asText()) && !targets(recordSet, REGION_EU, "A").contains(failedIp)
                && !targets(recordSet, REGION_EU, "A").isEmpty());

        SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
        resolver.setPort(dnsPort);
        resolver.setTimeout(Duration.ofSeconds(2));
        Set<String> before = resolveA(resolver, REGION_EU);
        assertThat(before).as("the region's answer before the outage").contains(failedIp);
        long[] polls = {0};
        CompletableFuture<Long> answerChanged = CompletableFuture.supplyAsync(() -> {
            // Every 5 ms: fine enough for a one-second goal, light enough not to slow the server on 2 cores.
            while (!Thread.currentThread().isInterrupted()) {
                Set<String> now = resolveA(resolver, REGION_EU);
                long at = System.nanoTime();
                polls[0]++;
                if (!now.contains(failedIp)) {
                    assertThat(now).as("the region's answer after the outage")
                            .containsExactlyInAnyOrder(ip.get(B1), ip.get(B2));
                    return at;
                }
                sleep(5);
            }
            throw new IllegalStateException("interrupted");
        }, background);

        long stopped = System.nanoTime();
        a1.cluster().stop();

        Seen cluster = readyFalse.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long answerAt = answerChanged.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Instant answerWall = Instant.now().minusNanos(System.nanoTime() - answerAt);
        Seen records = recordsWithout.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String transition = readyCondition(cluster.object()).path("lastTransitionTime").asText();
        return new FailoverTimes(stopped, cluster.nanos(), records.nanos(), answerAt, cluster.revision(),
                records.revision(), transition, answerWall, (int) polls[0]);
    }

    /**
     * Watches a collection from a resourceVersion on a background thread; completes with the first ADDED or
     * MODIFIED object that matches, stamped with the moment its line arrived.
     */
    private CompletableFuture<Seen> watch(String path, String fromRevision, Predicate<JsonNode> matches) {
        URI uri = server.baseUri().resolve(path + "?watch=true&timeoutSeconds=" + WAIT.multipliedBy(2).toSeconds()
                + "&resourceVersion=" + fromRevision);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response;
        try {
            // Waits for the headers only: once they are here the watch is registered and no later event is missed.
            response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new AssertionError("watch " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        assertThat(response.statusCode()).as("watch " + uri).isEqualTo(200);
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    long at = System.nanoTime();
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode event = ApiClient.JSON.readTree(line);
                    String type = event.path("type").asText();
                    JsonNode object = event.path("object");
                    if ((type.equals("ADDED") || type.equals("MODIFIED")) && matches.test(object)) {
                        return new Seen(at, Long.parseLong(object.path("metadata").path("resourceVersion").asText()),
                                object);
                    }
                }
                throw new AssertionError("watch " + uri + " ended before the awaited change");
            } catch (IOException e) {
                throw new AssertionError("watch " + uri + " failed", e);
            }
        }, background);
    }

    private static String clusterReady(JsonNode cluster) {
        return readyCondition(cluster).path("status").asText();
    }

    private static JsonNode readyCondition(JsonNode cluster) {
        for (JsonNode condition : cluster.path("status").path("conditions")) {
            if ("Ready".equals(condition.path("type").asText())) {
                return condition;
            }
        }
        return ApiClient.JSON.createObjectNode();
    }

    /** The targets of one record of a DNSRecordSet ({@code spec.endpoints[]}), empty when it has none. */
    private static List<String> targets(JsonNode recordSet, String dnsName, String recordType) {
        for (JsonNode endpoint : recordSet.path("spec").path("endpoints")) {
            if (dnsName.equals(endpoint.path("dnsName").asText())
                    && recordType.equals(endpoint.path("recordType").asText())) {
                List<String> targets = new ArrayList<>();
                endpoint.path("targets").forEach(t -> targets.add(t.asText()));
                return targets;
            }
        }
        return List.of();
    }

    /** The A records of a name over UDP, through dnsjava: cheap enough to poll every few milliseconds. */
    private static Set<String> resolveA(SimpleResolver resolver, String name) {
        try {
            Message answer = resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name, Name.root),
                    Type.A, DClass.IN)));
            assertThat(answer.getRcode()).as("rcode for " + name).isIn(Rcode.NOERROR, Rcode.NXDOMAIN);
            return answer.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A)
                    .map(Record::rdataToString).collect(Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new AssertionError("DNS query for " + name + " failed", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- dig ----

    /** dig's answer: the RCODE, the header flags, and the answer and additional records, whitespace-normalised. */
    private record DigAnswer(String status, Set<String> flags, List<String> answer, List<String> additional) {
    }

    /** {@code dig @127.0.0.1 -p PORT [+tcp] NAME TYPE}, parsed. */
    private DigAnswer dig(boolean tcp, String name, String type) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("dig", "@127.0.0.1", "-p", Integer.toString(dnsPort),
                "+noall", "+comments", "+answer", "+additional", "+tries=1", "+time=5"));
        if (tcp) {
            command.add("+tcp");
        }
        command.addAll(List.of(name, type));
        Process dig = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dig.waitFor(30, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(dig.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        String status = null;
        Set<String> flags = Set.of();
        List<String> answer = new ArrayList<>();
        List<String> additional = new ArrayList<>();
        List<String> section = null;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.startsWith(";; ->>HEADER<<-")) {
                status = line.replaceAll(".*status: ([A-Z]+).*", "$1");
            } else if (line.startsWith(";; flags:")) {
                flags = Set.of(line.replaceAll(";; flags: ([a-z ]*);.*", "$1").trim().split(" "));
            } else if (line.equals(";; ANSWER SECTION:")) {
                section = answer;
            } else if (line.equals(";; ADDITIONAL SECTION:")) {
                section = additional;
            } else if (line.startsWith(";")) {
                section = line.endsWith("SECTION:") ? null : section;
            } else if (!line.isEmpty() && section != null) {
                section.add(String.join(" ", line.split("\\s+")));
            }
        }
        assertThat(status).as("dig's status line\n" + output).isNotNull();
        return new DigAnswer(status, flags, answer, additional);
    }

    /** Asks over UDP and over TCP, insists both say the same (records in any order), returns the UDP answer. */
    private DigAnswer assertSameOverUdpAndTcp(String name, String type) throws IOException, InterruptedException {
        DigAnswer udp = dig(false, name, type);
        DigAnswer tcp = dig(true, name, type);
        assertThat(tcp.status()).as("status over TCP for " + name).isEqualTo(udp.status());
        assertThat(tcp.flags()).as("flags over TCP for " + name).isEqualTo(udp.flags());
        assertThat(tcp.answer()).as("answer over TCP for " + name).containsExactlyInAnyOrderElementsOf(udp.answer());
        assertThat(tcp.additional()).as("additional over TCP for " + name)
                .containsExactlyInAnyOrderElementsOf(udp.additional());
        return udp;
    }

    /** The name answers exactly these addresses, authoritatively, over UDP and TCP. */
    private void assertAddresses(String name, String... addresses) throws IOException, InterruptedException {
        DigAnswer answer = assertSameOverUdpAndTcp(name, "A");
        assertThat(answer.status()).as("status for " + name).isEqualTo("NOERROR");
        assertThat(answer.flags()).as("flags for " + name).contains("aa");
        assertThat(answer.answer()).as("A " + name).containsExactlyInAnyOrderElementsOf(a(name, List.of(addresses)));
    }

    /** {@code _http._tcp.NAME SRV} names {@code target}; the target's addresses come as additional records. */
    private void assertSrv(String name, String target, String... targetAddresses)
            throws IOException, InterruptedException {
        String owner = "_http._tcp." + name;
        DigAnswer answer = assertSameOverUdpAndTcp(owner, "SRV");
        assertThat(answer.status()).as("status for " + owner).isEqualTo("NOERROR");
        assertThat(answer.answer()).as("SRV " + owner)
                .containsExactly(owner + ". " + TTL + " IN SRV 0 100 80 " + target + ".");
        assertThat(answer.additional()).as("additional records of SRV " + owner)
                .filteredOn(r -> !r.contains(" OPT "))
                .containsExactlyInAnyOrderElementsOf(a(target, List.of(targetAddresses)));
    }

    private static List<String> a(String name, Collection<String> addresses) {
        return addresses.stream().map(ip -> name + ". " + TTL + " IN A " + ip).toList();
    }

    private static String cname(String name, String target) {
        return name + ". " + TTL + " IN CNAME " + target + ".";
    }

    // ---- members and kubectl ----

    /** The member Service's single load-balancer ingress address, or null while it has none. */
    private static String loadBalancerIp(Member member) {
        Service service = member.client().services().inNamespace(NS).withName("web").get();
        if (service == null || service.getStatus() == null || service.getStatus().getLoadBalancer() == null) {
            return null;
        }
        List<LoadBalancerIngress> ingress = service.getStatus().getLoadBalancer().getIngress();
        if (ingress == null || ingress.isEmpty()) {
            return null;
        }
        assertThat(ingress).as("load-balancer ingress of " + member.name()).hasSize(1);
        return ingress.get(0).getIp();
    }

}
