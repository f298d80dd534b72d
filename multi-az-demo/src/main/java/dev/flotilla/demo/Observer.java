package dev.flotilla.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.demo.local.MemberFederation;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Takes {@link Snapshot}s of the whole federation, the way a user would look at it: the control plane's API
 * (Clusters and the Deployment's ResourceBinding), each member's own API (its Deployment and Service), the
 * embedded DNS server, and the app itself over HTTP through its global DNS name. Page fetches run in the background
 * (at most one at a time), so a slow answer never holds up a sample.
 */
final class Observer {

    private static final String CLUSTERS = "/apis/flotilla.dev/v1alpha1/clusters";
    private static final String BINDING = "/apis/flotilla.dev/v1alpha1/namespaces/" + SampleApp.NAMESPACE
            + "/resourcebindings/" + SampleApp.DEPLOYMENT_BINDING;
    private static final String TAINT_PREFIX = "cluster.flotilla.dev/";

    private final ControlPlaneClient api;
    private final MemberFederation federation;
    private final Layout layout;
    private final DnsProbe dns;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicReference<Snapshot.Page> page = new AtomicReference<>();
    private final AtomicBoolean fetching = new AtomicBoolean();
    private final AtomicInteger nextAddress = new AtomicInteger();
    private Map<String, Snapshot.ClusterState> lastClusters = Map.of();
    private Map<String, Integer> lastPlacement = Map.of();

    Observer(ControlPlaneClient api, MemberFederation federation, Layout layout, DnsProbe dns) {
        this.api = api;
        this.federation = federation;
        this.layout = layout;
        this.dns = dns;
    }

    /** Looks at everything once; never throws for what it cannot reach (that is part of what it sees). */
    Snapshot sample() {
        String apiError = null;
        Map<String, Snapshot.ClusterState> clusters = lastClusters;
        Map<String, Integer> placement = lastPlacement;
        try {
            clusters = clusters(api.get(CLUSTERS));
            placement = placement(api.get(BINDING));
            lastClusters = clusters;
            lastPlacement = placement;
        } catch (IOException e) {
            apiError = e.getMessage() == null ? e.toString() : e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            apiError = "interrupted";
        }
        long apiSeen = System.nanoTime();
        Map<String, Snapshot.MemberState> members = new HashMap<>();
        for (MemberFederation.Member member : federation.members()) {
            members.put(member.name(), member(member.cluster().client()));
        }
        long membersSeen = System.nanoTime();
        Map<String, DnsAnswer> answers = new HashMap<>();
        for (DnsNames.Scope scope : DnsNames.all(layout)) {
            answers.put(scope.name(), dns.query(scope.name()));
        }
        long dnsSeen = System.nanoTime();
        return new Snapshot(dnsSeen, new Snapshot.Seen(apiSeen, membersSeen, dnsSeen), clusters, placement, members,
                answers, page.get(), apiError);
    }

    private static Map<String, Snapshot.ClusterState> clusters(JsonNode list) {
        Map<String, Snapshot.ClusterState> clusters = new LinkedHashMap<>();
        for (JsonNode cluster : list.path("items")) {
            String ready = "";
            for (JsonNode condition : cluster.path("status").path("conditions")) {
                if ("Ready".equals(condition.path("type").asText())) {
                    ready = condition.path("status").asText();
                }
            }
            List<String> taints = new ArrayList<>();
            for (JsonNode taint : cluster.path("spec").path("taints")) {
                String key = taint.path("key").asText();
                taints.add((key.startsWith(TAINT_PREFIX) ? key.substring(TAINT_PREFIX.length()) : key) + ":"
                        + taint.path("effect").asText());
            }
            clusters.put(cluster.path("metadata").path("name").asText(), new Snapshot.ClusterState(ready, taints));
        }
        return clusters;
    }

    private static Map<String, Integer> placement(JsonNode binding) {
        Map<String, Integer> placement = new LinkedHashMap<>();
        binding.path("spec").path("clusters").forEach(c -> placement.put(c.path("name").asText(),
                c.path("replicas").asInt()));
        return placement;
    }

    private static Snapshot.MemberState member(KubernetesClient client) {
        try {
            Deployment deployment = client.apps().deployments().inNamespace(SampleApp.NAMESPACE)
                    .withName(SampleApp.NAME).get();
            Service service = client.services().inNamespace(SampleApp.NAMESPACE).withName(SampleApp.NAME).get();
            Integer replicas = deployment == null || deployment.getSpec() == null ? null
                    : deployment.getSpec().getReplicas();
            int ready = deployment == null || deployment.getStatus() == null
                    || deployment.getStatus().getReadyReplicas() == null
                    ? 0 : deployment.getStatus().getReadyReplicas();
            List<String> ingress = new ArrayList<>();
            if (service != null && service.getStatus() != null && service.getStatus().getLoadBalancer() != null
                    && service.getStatus().getLoadBalancer().getIngress() != null) {
                for (LoadBalancerIngress entry : service.getStatus().getLoadBalancer().getIngress()) {
                    if (entry.getIp() != null) {
                        ingress.add(entry.getIp());
                    }
                }
            }
            return new Snapshot.MemberState(replicas, ready, ingress, true);
        } catch (RuntimeException e) {
            return new Snapshot.MemberState(null, 0, List.of(), false);
        }
    }

    /**
     * Fetches the app's page in the background through one of the addresses the global name answers, taking them
     * in turn so that every healthy cluster shows up; does nothing while a fetch is still running.
     */
    void fetchPage(Snapshot snapshot) {
        DnsAnswer global = snapshot.answer(DnsNames.global());
        if (global.addresses().isEmpty()) {
            page.set(new Snapshot.Page(null, 0, DnsNames.global() + " has no address (" + global.describe() + ")"));
            return;
        }
        if (!fetching.compareAndSet(false, true)) {
            return;
        }
        List<String> addresses = global.addresses();
        String address = addresses.get(Math.floorMod(nextAddress.getAndIncrement(), addresses.size()));
        String url = "http://" + address + ":" + SampleApp.PORT + "/";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                page.set(new Snapshot.Page(url, 0, cause.getClass().getSimpleName()
                        + (cause.getMessage() == null ? "" : ": " + cause.getMessage())));
            } else {
                page.set(new Snapshot.Page(url, response.statusCode(), response.body().strip().lines().findFirst()
                        .orElse("")));
            }
            fetching.set(false);
        });
    }
}
