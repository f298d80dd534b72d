package dev.flotilla.placement;

import java.util.Arrays;

/**
 * A hash map from {@code long} keys to values, without boxing the keys: open addressing with linear probing, and
 * removal by shifting the probe run back (no tombstones). Holds few entries in the engine (seat classes), but is
 * used on every seat, so a {@code HashMap<Long, V>} spent its time boxing and unboxing keys.
 */
final class LongMap<V> {
  private long[] keys;
  private Object[] values;
  private int size;

  LongMap() {
    keys = new long[16];
    values = new Object[16];
  }

  int size() {
    return size;
  }

  /** The value for the key, or null. */
  @SuppressWarnings("unchecked")
  V get(long key) {
    int mask = keys.length - 1;
    for (int slot = slotOf(key, mask); values[slot] != null; slot = (slot + 1) & mask) {
      if (keys[slot] == key) {
        return (V) values[slot];
      }
    }
    return null;
  }

  /** Maps the key to a non-null value, replacing any earlier one. */
  void put(long key, V value) {
    if (value == null) {
      throw new IllegalArgumentException("null value for key " + key);
    }
    int mask = keys.length - 1;
    int slot = slotOf(key, mask);
    while (values[slot] != null) {
      if (keys[slot] == key) {
        values[slot] = value;
        return;
      }
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    values[slot] = value;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  /** Removes the key's entry, if any. */
  void remove(long key) {
    int mask = keys.length - 1;
    int slot = slotOf(key, mask);
    while (values[slot] != null && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    if (values[slot] == null) {
      return;
    }
    size--;
    // Shift later entries of the probe run back into the hole when their home slot allows it.
    int hole = slot;
    for (int next = (hole + 1) & mask; values[next] != null; next = (next + 1) & mask) {
      int home = slotOf(keys[next], mask);
      // The entry may move to the hole if the hole lies cyclically within [home, next).
      if (((next - home) & mask) >= ((next - hole) & mask)) {
        keys[hole] = keys[next];
        values[hole] = values[next];
        hole = next;
      }
    }
    values[hole] = null;
  }

  void clear() {
    Arrays.fill(values, null);
    size = 0;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldValues.length * 2];
    int mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] != null) {
        int slot = slotOf(oldKeys[i], mask);
        while (values[slot] != null) {
          slot = (slot + 1) & mask;
        }
        keys[slot] = oldKeys[i];
        values[slot] = oldValues[i];
      }
    }
  }

  private static int slotOf(long key, int mask) {
    long mixed = key * 0x9e3779b97f4a7c15L; // Fibonacci hashing: the high bits depend on every key bit
    return (int) (mixed >>> 32) & mask;
  }
}
