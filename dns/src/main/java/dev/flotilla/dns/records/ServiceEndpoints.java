package dev.flotilla.dns.records;

import java.util.List;
import java.util.Objects;

/**
 * One federated Service and what every member it was propagated to reports about it: the input of
 * {@link RecordComputation}.
 *
 * @param namespace the Service's namespace
 * @param name      the Service's name
 * @param ports     its ports (named ones get SRV records)
 * @param clusters  one entry per member cluster the Service was propagated to
 */
public record ServiceEndpoints(String namespace, String name, List<ServicePort> ports,
                               List<ClusterEndpoints> clusters) {

    public ServiceEndpoints {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        ports = ports == null ? List.of() : List.copyOf(ports);
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
    }
}
