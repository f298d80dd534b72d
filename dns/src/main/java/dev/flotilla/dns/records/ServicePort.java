package dev.flotilla.dns.records;

/**
 * A port of a federated Service. Only named ports get SRV records.
 *
 * @param name     the port's name ({@code spec.ports[].name}); null or empty for an unnamed port
 * @param protocol TCP, UDP or SCTP (null means TCP, as in Kubernetes)
 * @param port     the Service port, 1–65535
 */
public record ServicePort(String name, String protocol, int port) {
}
