package dev.flotilla.simulator;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands out the numbers {@code first..last} to keys (namespace/name of a Pod or a Service), lowest free first.
 * Asking again with the same key gives the same number, so a Service re-created by an update keeps its address.
 * Thread-safe; pure.
 */
final class AddressPool {

    private final String what;
    private final int first;
    private final int last;
    private final BitSet used = new BitSet();
    private final Map<String, Integer> byKey = new HashMap<>();

    AddressPool(String what, int first, int last) {
        this.what = what;
        this.first = first;
        this.last = last;
    }

    /** The number held by {@code key}, allocating the lowest free one if it holds none. */
    synchronized int allocate(String key) {
        Integer held = byKey.get(key);
        if (held != null) {
            return held;
        }
        int free = used.nextClearBit(first);
        if (free > last) {
            throw new IllegalStateException("no free " + what + " left (all " + (last - first + 1) + " in use)");
        }
        used.set(free);
        byKey.put(key, free);
        return free;
    }

    /** Records that {@code key} holds {@code number} (observed on an object), if it is in range and free. */
    synchronized boolean reserve(String key, int number) {
        Integer held = byKey.get(key);
        if (held != null) {
            return held == number;
        }
        if (number < first || number > last || used.get(number)) {
            return false;
        }
        used.set(number);
        byKey.put(key, number);
        return true;
    }

    synchronized void release(String key) {
        Integer held = byKey.remove(key);
        if (held != null) {
            used.clear(held);
        }
    }

    synchronized int inUse() {
        return byKey.size();
    }
}
