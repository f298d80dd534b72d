package dev.flotilla.dns.records;

import java.util.List;

/**
 * What one member cluster reports about one federated Service.
 *
 * @param cluster        the member cluster's name
 * @param region         the cluster's {@code topology.kubernetes.io/region}; null when unlabelled
 * @param zone           the cluster's {@code topology.kubernetes.io/zone}; null when unlabelled
 * @param ready          whether the cluster's Ready condition is True
 * @param addresses      the member Service's load-balancer ingress IPs (IPv4 or IPv6 literals)
 * @param readyEndpoints how many ready endpoints the member Service has
 */
public record ClusterEndpoints(String cluster, String region, String zone, boolean ready, List<String> addresses,
                               int readyEndpoints) {

    public ClusterEndpoints {
        addresses = addresses == null ? List.of() : List.copyOf(addresses);
    }

    /** Healthy = the cluster is Ready and the Service has ready endpoints there. */
    public boolean healthy() {
        return ready && readyEndpoints > 0;
    }
}
