package dev.flotilla.demo;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the demo saw at one moment, from every side: the Clusters and the Deployment's binding through the control
 * plane's API, each member's own Deployment and Service through the member's API, the DNS answers, and the last page
 * fetched. Immutable; the checks ({@link Checks}) and the view ({@link LiveView}) are pure functions of it.
 *
 * @param atNanos    {@link System#nanoTime()} when the sample was complete
 * @param seen       when each part was read: a milestone is timed by the part that shows it
 * @param clusters   Cluster name → its state as the control plane reports it (absent: not registered yet)
 * @param placement  the binding's {@code spec.clusters}: cluster → replicas (empty: no binding yet)
 * @param members    member name → its own view of the sample app
 * @param dns        DNS name → answer
 * @param page       the last page fetched through the global name; null before the first
 * @param apiError   why the control plane's API did not answer this time; null when it did
 */
record Snapshot(long atNanos, Seen seen, Map<String, ClusterState> clusters, Map<String, Integer> placement,
                Map<String, MemberState> members, Map<String, DnsAnswer> dns, Page page, String apiError) {

    Snapshot {
        clusters = Map.copyOf(clusters);
        placement = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(placement));
        members = Map.copyOf(members);
        dns = Map.copyOf(dns);
    }

    /**
     * When each part of a sample had been read ({@link System#nanoTime()}): a state shown by a part was there at
     * the latest at that moment.
     *
     * @param api     the control plane's Clusters and binding
     * @param members the members' own Deployments and Services
     * @param dns     the DNS answers
     */
    record Seen(long api, long members, long dns) {

        /** All parts read at one moment (for tests). */
        static Seen at(long nanos) {
            return new Seen(nanos, nanos, nanos);
        }
    }

    /**
     * A Cluster as the control plane judges it.
     *
     * @param ready  the Ready condition's status: True, False, Unknown, or empty when not reported yet
     * @param taints {@code key:effect}, the key without the {@code cluster.flotilla.dev/} prefix
     */
    record ClusterState(String ready, List<String> taints) {
        ClusterState {
            taints = List.copyOf(taints);
        }

        boolean isReady() {
            return "True".equals(ready);
        }
    }

    /**
     * The sample app in one member, read from the member's own API.
     *
     * @param replicas      the member Deployment's {@code spec.replicas}; null when it has none
     * @param readyReplicas its {@code status.readyReplicas} (0 when absent)
     * @param ingress       the member Service's load-balancer addresses
     * @param reachable     false when the member's API did not answer
     */
    record MemberState(Integer replicas, int readyReplicas, List<String> ingress, boolean reachable) {
        MemberState {
            ingress = List.copyOf(ingress);
        }
    }

    /**
     * One HTTP GET of the sample app through its global DNS name.
     *
     * @param url    what was fetched; null when the name had no address to fetch
     * @param status the HTTP status, or 0 when there was no response
     * @param body   the first line of the body, or why there was no response
     */
    record Page(String url, int status, String body) {
    }

    /** @return the sum of the members' ready replicas over the named clusters */
    int readyIn(Iterable<String> names) {
        int ready = 0;
        for (String name : names) {
            MemberState member = members.get(name);
            if (member != null) {
                ready += member.readyReplicas();
            }
        }
        return ready;
    }

    /** @return the replicas the binding places in total */
    int placed() {
        return placement.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** @return the load-balancer addresses the named members' Services report */
    Set<String> ingressOf(Iterable<String> names) {
        Set<String> addresses = new LinkedHashSet<>();
        for (String name : names) {
            MemberState member = members.get(name);
            if (member != null) {
                addresses.addAll(member.ingress());
            }
        }
        return addresses;
    }

    /** @return the answer for a name; a failed answer when it was not asked */
    DnsAnswer answer(String name) {
        return dns.getOrDefault(name, DnsAnswer.failed("NOT-ASKED"));
    }
}
