package dev.flotilla.server;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the control plane ({@code flotilla.*} in application.properties or system properties). */
@ConfigMapping(prefix = "flotilla")
public interface ServerConfig {

    /** Directory of the durable store. */
    @WithDefault("./flotilla-data")
    String dataDir();

    /** Largest request body accepted, in bytes (kube-apiserver allows 3 MiB). */
    @WithDefault("3145728")
    int maxRequestBytes();

    /** How often open watches that asked for bookmarks receive one. */
    @WithDefault("PT1M")
    Duration bookmarkInterval();

    /** The most items one list page returns when the client sets no limit (0 = no cap). */
    @WithDefault("0")
    int defaultListLimit();

    /** The embedded authoritative DNS of federated Services. */
    Dns dns();

    interface Dns {
        /** UDP and TCP port (0 = a free port, -1 = no DNS server; the records are still written). */
        @WithDefault("8053")
        int port();

        /** Address the DNS server listens on. */
        @WithDefault("0.0.0.0")
        String host();

        /** Federation name, the label after {@code <service>.<namespace>.} in every name. */
        @WithDefault("flotilla")
        String federation();

        /** The zone served, e.g. {@code web.shop.flotilla.svc.flotilla.internal}. */
        @WithDefault("flotilla.internal")
        String domain();

        /** TTL of every record, in seconds. */
        @WithDefault("30")
        long ttl();

        /**
         * Also export every DNSRecordSet as an external-dns DNSEndpoint (installing that CRD), for external-dns
         * with {@code --source=crd} pointed at the control plane.
         */
        @WithDefault("false")
        boolean exportEndpoints();

        /** Threads answering UDP queries. */
        @WithDefault("2")
        int udpWorkers();
    }

    /** Cluster health and failover. */
    Health health();

    interface Health {
        /**
         * How long an agent's lease may go unrenewed before its Cluster is Ready=Unknown and tainted unreachable.
         * Agents renew every second: 4.5 s tolerates a heartbeat 3 s late and notices an outage within 5 s.
         */
        @WithDefault("PT4.5S")
        Duration gracePeriod();

        /** Renewals in a row, with the agent reporting Ready, before a cluster that failed loses its taints. */
        @WithDefault("2")
        int successThreshold();

        /**
         * How long a recovered, new or uncordoned cluster must stay schedulable before bindings are rebalanced
         * onto it (once).
         */
        @WithDefault("PT10S")
        Duration rebalanceDelay();

        /** After the control plane starts, how long every agent has to renew its lease before it is judged. */
        @WithDefault("PT15S")
        Duration startupGrace();
    }

    /** How long an Event is kept after it was last seen (kube-apiserver's --event-ttl). */
    @WithDefault("PT1H")
    Duration eventTtl();

    /** Hazelcast: the cluster name, and the members to join (empty = a single standalone member). */
    Hazelcast hazelcast();

    interface Hazelcast {
        @WithDefault("flotilla")
        String clusterName();

        @WithDefault(" ")
        List<String> members();

        /** A DNS name whose addresses are the members (a Kubernetes headless Service). */
        Optional<String> discoveryDns();

        /** The port members talk on (0: a free one, for a member alone). */
        @WithDefault("0")
        int port();

        /** The address to listen on; 0.0.0.0: every interface. */
        @WithDefault("127.0.0.1")
        String bind();
    }

    /** Where objects are kept: the embedded log in the data directory, or a PostgreSQL database shared for HA. */
    Store store();

    interface Store {
        /** {@code jdbc:postgresql://...}: the shared log of a highly available control plane. */
        Optional<String> url();

        @WithDefault("flotilla")
        String user();

        /** Read from {@code FLOTILLA_STORE_PASSWORD} (never a command-line option, which others can read). */
        Optional<String> password();
    }
}
