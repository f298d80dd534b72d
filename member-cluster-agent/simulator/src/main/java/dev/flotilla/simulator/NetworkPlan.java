package dev.flotilla.simulator;

/**
 * The addresses of one simulated cluster, all derived from its network index {@code n} (1..250), so that clusters
 * never share an address:
 * <ul>
 *   <li>Node {@code k} (1-based): InternalIP {@code 10.n.0.k}, Pod CIDR {@code 10.n.k.0/24} (Pod IPs .1–.254);</li>
 *   <li>Service cluster IPs: {@code 10.n.192.0/18};</li>
 *   <li>LoadBalancer ingress IPs: {@code 127.n.0.1}–{@code 127.n.0.254} — loopback addresses (all of 127/8
 *       reaches the local host on Linux), so that something on this machine can later answer on them.</li>
 * </ul>
 * Pure.
 */
record NetworkPlan(int index) {

    static final int MIN_INDEX = 1;
    static final int MAX_INDEX = 250;
    static final int MAX_NODES = 100;
    static final int PODS_PER_NODE_RANGE = 254;
    private static final int SERVICE_BASE = 192;
    private static final int SERVICE_SIZE = 64 * 256 - 2;

    NetworkPlan {
        if (index < MIN_INDEX || index > MAX_INDEX) {
            throw new IllegalArgumentException("networkIndex: must be between " + MIN_INDEX + " and " + MAX_INDEX
                    + ", got " + index);
        }
    }

    String nodeAddress(int node) {
        return "10." + index + ".0." + node;
    }

    String podCidr(int node) {
        return "10." + index + "." + node + ".0/24";
    }

    String podAddress(int node, int host) {
        return "10." + index + "." + node + "." + host;
    }

    /** The node number (1-based) a Pod address belongs to and its host part, or null if not one of ours. */
    int[] parsePodAddress(String address) {
        int[] octets = octets(address);
        if (octets == null || octets[0] != 10 || octets[1] != index || octets[2] < 1 || octets[2] > MAX_NODES) {
            return null;
        }
        return new int[] {octets[2], octets[3]};
    }

    AddressPool newServicePool() {
        return new AddressPool("service cluster IPs in 10." + index + ".192.0/18", 1, SERVICE_SIZE);
    }

    String serviceAddress(int offset) {
        return "10." + index + "." + (SERVICE_BASE + offset / 256) + "." + (offset % 256);
    }

    int parseServiceAddress(String address) {
        int[] octets = octets(address);
        if (octets == null || octets[0] != 10 || octets[1] != index || octets[2] < SERVICE_BASE) {
            return -1;
        }
        return (octets[2] - SERVICE_BASE) * 256 + octets[3];
    }

    AddressPool newLoadBalancerPool() {
        return new AddressPool("load-balancer addresses in 127." + index + ".0.0/24", 1, 254);
    }

    String loadBalancerAddress(int host) {
        return "127." + index + ".0." + host;
    }

    int parseLoadBalancerAddress(String address) {
        int[] octets = octets(address);
        if (octets == null || octets[0] != 127 || octets[1] != index || octets[2] != 0) {
            return -1;
        }
        return octets[3];
    }

    private static int[] octets(String address) {
        if (address == null) {
            return null;
        }
        String[] parts = address.split("\\.");
        if (parts.length != 4) {
            return null;
        }
        int[] octets = new int[4];
        try {
            for (int i = 0; i < 4; i++) {
                octets[i] = Integer.parseInt(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return octets;
    }
}
