package dev.flotilla.simulator;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which network indexes the simulated clusters of this JVM use, so that clusters started side by side never
 * share addresses. Without an explicit index a cluster prefers one derived from its name (so that separate
 * processes usually differ too) and takes the next free one if that is taken.
 */
final class NetworkIndexRegistry {

    private static final Map<Integer, String> IN_USE = new TreeMap<>();

    private NetworkIndexRegistry() {
    }

    static synchronized int acquire(String clusterName, Integer requested) {
        if (requested != null) {
            String holder = IN_USE.get(requested);
            if (holder != null) {
                throw new IllegalArgumentException("networkIndex: " + requested
                        + " is already used by simulated cluster '" + holder + "' in this JVM");
            }
            IN_USE.put(requested, clusterName);
            return requested;
        }
        int span = NetworkPlan.MAX_INDEX - NetworkPlan.MIN_INDEX + 1;
        int preferred = Math.floorMod(clusterName.hashCode(), span);
        for (int i = 0; i < span; i++) {
            int candidate = NetworkPlan.MIN_INDEX + (preferred + i) % span;
            if (!IN_USE.containsKey(candidate)) {
                IN_USE.put(candidate, clusterName);
                return candidate;
            }
        }
        throw new IllegalStateException("all " + span + " network indexes are in use in this JVM");
    }

    static synchronized void release(int index) {
        IN_USE.remove(index);
    }
}
