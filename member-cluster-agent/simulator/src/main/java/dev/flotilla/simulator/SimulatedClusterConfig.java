package dev.flotilla.simulator;

import io.fabric8.kubernetes.api.model.Quantity;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * The settings of one {@link SimulatedCluster}: its name and place, its Nodes, the simulated kubelet's timing, the
 * port of its API and whether its load balancers serve HTTP. Immutable; {@link #builder(String)} validates every field and names the offending one in
 * its {@link IllegalArgumentException}.
 */
public final class SimulatedClusterConfig {

    /** Default number of Nodes. */
    public static final int DEFAULT_NODES = 3;
    /** Default CPU capacity of each Node. */
    public static final String DEFAULT_NODE_CPU = "8";
    /** Default memory capacity of each Node. */
    public static final String DEFAULT_NODE_MEMORY = "32Gi";
    /** Default Pod capacity of each Node (the kubelet's default). */
    public static final int DEFAULT_NODE_PODS = 110;
    /** Default time from a Pod being scheduled to it running and ready. */
    public static final Duration DEFAULT_POD_START_DELAY = Duration.ofSeconds(1);
    /** Default period after which every object is looked at again even without an event. */
    public static final Duration DEFAULT_RESYNC_PERIOD = Duration.ofSeconds(30);
    /** By default the load balancers' ingress addresses answer HTTP. */
    public static final boolean DEFAULT_SERVE_HTTP = true;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final int MAX_NAME = 40;

    private final String name;
    private final String region;
    private final String zone;
    private final int nodes;
    private final int port;
    private final Quantity nodeCpu;
    private final Quantity nodeMemory;
    private final int nodePods;
    private final Duration podStartDelay;
    private final Integer networkIndex;
    private final Duration resyncPeriod;
    private final boolean serveHttp;

    private SimulatedClusterConfig(Builder builder) {
        this.name = builder.name;
        this.region = builder.region;
        this.zone = builder.zone;
        this.nodes = builder.nodes;
        this.port = builder.port;
        this.nodeCpu = builder.nodeCpu;
        this.nodeMemory = builder.nodeMemory;
        this.nodePods = builder.nodePods;
        this.podStartDelay = builder.podStartDelay;
        this.networkIndex = builder.networkIndex;
        this.resyncPeriod = builder.resyncPeriod;
        this.serveHttp = builder.serveHttp;
    }

    /** Starts a builder for a cluster named {@code name} (a DNS label of at most 40 characters). */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** The cluster's name; also the prefix of its Node names and the name of its kubeconfig context. */
    public String name() {
        return name;
    }

    /** Value of the Nodes' label {@code topology.kubernetes.io/region}. */
    public String region() {
        return region;
    }

    /** Value of the Nodes' label {@code topology.kubernetes.io/zone}. */
    public String zone() {
        return zone;
    }

    public int nodes() {
        return nodes;
    }

    /** The API port on 127.0.0.1; 0 means a free port chosen at start. */
    public int port() {
        return port;
    }

    public Quantity nodeCpu() {
        return nodeCpu;
    }

    public Quantity nodeMemory() {
        return nodeMemory;
    }

    public int nodePods() {
        return nodePods;
    }

    public Duration podStartDelay() {
        return podStartDelay;
    }

    /** The index {@code n} of the cluster's address ranges (10.n.x.y, 127.n.0.x), if one was asked for. */
    public OptionalInt networkIndex() {
        return networkIndex == null ? OptionalInt.empty() : OptionalInt.of(networkIndex);
    }

    public Duration resyncPeriod() {
        return resyncPeriod;
    }

    /**
     * Whether every LoadBalancer Service answers HTTP on its ingress address {@code 127.n.0.x} and each of its TCP
     * ports, "by" its ready Pods (see the module README).
     */
    public boolean serveHttp() {
        return serveHttp;
    }

    /** A builder with this configuration's values. */
    public Builder toBuilder() {
        Builder builder = new Builder(name).region(region).zone(zone).nodes(nodes).port(port)
                .nodeCpu(nodeCpu.toString()).nodeMemory(nodeMemory.toString()).nodePods(nodePods)
                .podStartDelay(podStartDelay).resyncPeriod(resyncPeriod).serveHttp(serveHttp);
        builder.networkIndex = networkIndex;
        return builder;
    }

    @Override
    public String toString() {
        return "SimulatedClusterConfig{name=" + name + ", region=" + region + ", zone=" + zone + ", nodes=" + nodes
                + ", port=" + port + ", nodeCpu=" + nodeCpu + ", nodeMemory=" + nodeMemory + ", nodePods="
                + nodePods + ", podStartDelay=" + podStartDelay + ", networkIndex=" + networkIndex + ", serveHttp="
                + serveHttp + "}";
    }

    /** Collects and validates the settings; every setter checks its value at once. */
    public static final class Builder {
        private final String name;
        private String region;
        private String zone;
        private int nodes = DEFAULT_NODES;
        private int port;
        private Quantity nodeCpu = new Quantity(DEFAULT_NODE_CPU);
        private Quantity nodeMemory = new Quantity(DEFAULT_NODE_MEMORY);
        private int nodePods = DEFAULT_NODE_PODS;
        private Duration podStartDelay = DEFAULT_POD_START_DELAY;
        private Integer networkIndex;
        private Duration resyncPeriod = DEFAULT_RESYNC_PERIOD;
        private boolean serveHttp = DEFAULT_SERVE_HTTP;

        private Builder(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: required");
            }
            if (name.length() > MAX_NAME || !DNS_LABEL.matcher(name).matches()) {
                throw new IllegalArgumentException("name: '" + name + "' must be a DNS label (lower-case letters, "
                        + "digits and '-', starting and ending with a letter or digit) of at most " + MAX_NAME
                        + " characters");
            }
            this.name = name;
        }

        public Builder region(String region) {
            this.region = labelValue("region", region);
            return this;
        }

        public Builder zone(String zone) {
            this.zone = labelValue("zone", zone);
            return this;
        }

        /** Number of Nodes, 1..100. */
        public Builder nodes(int nodes) {
            if (nodes < 1 || nodes > NetworkPlan.MAX_NODES) {
                throw new IllegalArgumentException("nodes: must be between 1 and " + NetworkPlan.MAX_NODES
                        + ", got " + nodes);
            }
            this.nodes = nodes;
            return this;
        }

        /** API port, 0 for a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port: must be between 0 and 65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** CPU capacity of each Node as a Kubernetes quantity ("8", "7500m"). */
        public Builder nodeCpu(String cpu) {
            this.nodeCpu = positiveQuantity("nodeCpu", cpu, 0.001);
            return this;
        }

        /** Memory capacity of each Node as a Kubernetes quantity ("32Gi"). */
        public Builder nodeMemory(String memory) {
            this.nodeMemory = positiveQuantity("nodeMemory", memory, 1);
            return this;
        }

        /** Pod capacity of each Node, 1..254 (one /24 of Pod addresses per Node). */
        public Builder nodePods(int pods) {
            if (pods < 1 || pods > NetworkPlan.PODS_PER_NODE_RANGE) {
                throw new IllegalArgumentException("nodePods: must be between 1 and "
                        + NetworkPlan.PODS_PER_NODE_RANGE + ", got " + pods);
            }
            this.nodePods = pods;
            return this;
        }

        /** Time from a Pod being scheduled to it running and ready; zero or more. */
        public Builder podStartDelay(Duration delay) {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("podStartDelay: must be zero or more, got " + delay);
            }
            this.podStartDelay = delay;
            return this;
        }

        /** The index n of the cluster's address ranges, 1..250; unique among the clusters of one JVM. */
        public Builder networkIndex(int index) {
            new NetworkPlan(index); // validates
            this.networkIndex = index;
            return this;
        }

        /** How often every object is reconciled again without an event; at least 1 s. */
        public Builder resyncPeriod(Duration period) {
            if (period == null || period.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("resyncPeriod: must be at least 1s, got " + period);
            }
            this.resyncPeriod = period;
            return this;
        }

        /**
         * Whether LoadBalancer Services answer HTTP on their ingress addresses (default true); false leaves the
         * addresses in the Services' status but nothing listening on them.
         */
        public Builder serveHttp(boolean serveHttp) {
            this.serveHttp = serveHttp;
            return this;
        }

        public SimulatedClusterConfig build() {
            if (region == null) {
                throw new IllegalArgumentException("region: required");
            }
            if (zone == null) {
                throw new IllegalArgumentException("zone: required");
            }
            return new SimulatedClusterConfig(this);
        }

        private static String labelValue(String field, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(field + ": required");
            }
            if (value.length() > 63 || !LABEL_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException(field + ": '" + value + "' is not a valid label value (at most "
                        + "63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
            }
            return value;
        }

        private static Quantity positiveQuantity(String field, String text, double minimum) {
            Objects.requireNonNull(field);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException(field + ": required");
            }
            Quantity quantity;
            try {
                quantity = Quantity.parse(text.trim());
                if (Quantity.getAmountInBytes(quantity).doubleValue() < minimum) {
                    throw new IllegalArgumentException(field + ": must be positive, got '" + text + "'");
                }
            } catch (RuntimeException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(field + ":")) {
                    throw e;
                }
                throw new IllegalArgumentException(field + ": '" + text + "' is not a Kubernetes quantity "
                        + "(examples: 8, 7500m, 32Gi)");
            }
            return quantity;
        }
    }
}
