package dev.flotilla.placement;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A cluster's labels: an immutable map in the source map's iteration order, stored as one array of keys and
 * values side by side. Like the read-only copy it replaces, it keeps null keys and values so the validator can
 * report them.
 *
 * <p>The engine reads a few labels of every candidate cluster on every placement. A lookup here scans the key
 * array for the very same key instance first (label keys are usually shared constants or interned names), then
 * compares cached hash codes; large maps also get an open-addressing index. Whether every key is non-blank and
 * every value non-null is found once, while copying, so validation need not walk the entries again.
 */
final class LabelMap extends AbstractMap<String, String> {
  static final LabelMap EMPTY = new LabelMap(new String[0], 0);

  /** Maps up to this size are searched by scanning; larger ones get {@link #index}. */
  private static final int SCAN_LIMIT = 16;

  /** Key i at {@code 2i}, its value at {@code 2i + 1}: a lookup that finds its key reads one array. */
  private final String[] entries;
  private final int size;
  private final int[] keyHashes;
  /** For large maps: entry index + 1 by hash slot (0 = empty), or null. */
  private final int[] index;
  private final boolean wellFormed;
  private Set<Entry<String, String>> entrySetView;

  private LabelMap(String[] entries, int size) {
    this.entries = 2 * size == entries.length ? entries : java.util.Arrays.copyOf(entries, 2 * size);
    this.size = size;
    this.keyHashes = new int[size];
    boolean wellFormed = true;
    for (int i = 0; i < size; i++) {
      String key = this.entries[2 * i];
      keyHashes[i] = key == null ? 0 : key.hashCode();
      wellFormed &= key != null && !key.isBlank() && this.entries[2 * i + 1] != null;
    }
    this.wellFormed = wellFormed;
    this.index = size > SCAN_LIMIT ? buildIndex() : null;
  }

  /** An immutable copy of the map (null = empty) in its iteration order; a LabelMap is returned as it is. */
  static LabelMap copyOf(Map<String, String> source) {
    if (source == null || source.isEmpty()) {
      return EMPTY;
    }
    if (source instanceof LabelMap labels) {
      return labels;
    }
    String[] entries = new String[2 * source.size()];
    int size = 0;
    for (Entry<String, String> entry : source.entrySet()) {
      if (2 * size == entries.length) { // a map whose size() undercounts its entries
        entries = java.util.Arrays.copyOf(entries, 2 * (2 * size + 1));
      }
      entries[2 * size] = entry.getKey();
      entries[2 * size + 1] = entry.getValue();
      size++;
    }
    return new LabelMap(entries, size);
  }

  /** Whether every key is non-null and not blank and every value is non-null. */
  boolean wellFormed() {
    return wellFormed;
  }

  private int[] buildIndex() {
    int slots = Integer.highestOneBit(size * 4 - 1) << 1; // at most a quarter full
    int[] table = new int[slots];
    for (int i = 0; i < size; i++) {
      int slot = slotOf(keyHashes[i], slots - 1);
      while (table[slot] != 0) {
        slot = (slot + 1) & (slots - 1);
      }
      table[slot] = i + 1;
    }
    return table;
  }

  private static int slotOf(int hash, int mask) {
    int mixed = hash * 0x9e3779b9;
    return (mixed ^ mixed >>> 16) & mask;
  }

  /** The position of the key's entry (2 × its index), or -1. */
  private int indexOf(Object key) {
    String[] entries = this.entries;
    if (index == null) {
      for (int at = 0; at < entries.length; at += 2) {
        if (entries[at] == key) {
          return at;
        }
      }
      if (!(key instanceof String wanted)) {
        return -1; // null was looked for by identity above
      }
      int hash = wanted.hashCode();
      for (int i = 0; i < size; i++) {
        if (keyHashes[i] == hash && wanted.equals(entries[2 * i])) {
          return 2 * i;
        }
      }
      return -1;
    }
    if (key != null && !(key instanceof String)) {
      return -1;
    }
    int hash = key == null ? 0 : key.hashCode();
    int mask = index.length - 1;
    for (int slot = slotOf(hash, mask); index[slot] != 0; slot = (slot + 1) & mask) {
      int i = index[slot] - 1;
      if (entries[2 * i] == key || (keyHashes[i] == hash && key != null && key.equals(entries[2 * i]))) {
        return 2 * i;
      }
    }
    return -1;
  }

  @Override
  public String get(Object key) {
    int at = indexOf(key);
    return at < 0 ? null : entries[at + 1];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super String> action) {
    for (int at = 0; at < entries.length; at += 2) {
      action.accept(entries[at], entries[at + 1]);
    }
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    if (entrySetView == null) {
      entrySetView = new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, String>> iterator() {
          return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
              return next < size;
            }

            @Override
            public Entry<String, String> next() {
              if (next >= size) {
                throw new NoSuchElementException();
              }
              int i = next++;
              return new SimpleImmutableEntry<>(entries[2 * i], entries[2 * i + 1]);
            }
          };
        }

        @Override
        public int size() {
          return size;
        }
      };
    }
    return entrySetView;
  }

  @Override
  public int hashCode() {
    int sum = 0;
    for (int i = 0; i < size; i++) {
      String value = entries[2 * i + 1];
      sum += keyHashes[i] ^ (value == null ? 0 : value.hashCode());
    }
    return sum;
  }

  // Read-only, as the unmodifiable view it replaces: every mutator throws, even when it would change nothing.

  @Override
  public String put(String key, String value) {
    throw readOnly();
  }

  @Override
  public String remove(Object key) {
    throw readOnly();
  }

  @Override
  public void putAll(Map<? extends String, ? extends String> map) {
    throw readOnly();
  }

  @Override
  public void clear() {
    throw readOnly();
  }

  @Override
  public void replaceAll(BiFunction<? super String, ? super String, ? extends String> function) {
    throw readOnly();
  }

  @Override
  public String putIfAbsent(String key, String value) {
    throw readOnly();
  }

  @Override
  public boolean remove(Object key, Object value) {
    throw readOnly();
  }

  @Override
  public boolean replace(String key, String oldValue, String newValue) {
    throw readOnly();
  }

  @Override
  public String replace(String key, String value) {
    throw readOnly();
  }

  @Override
  public String computeIfAbsent(String key, Function<? super String, ? extends String> function) {
    throw readOnly();
  }

  @Override
  public String computeIfPresent(String key,
                                 BiFunction<? super String, ? super String, ? extends String> function) {
    throw readOnly();
  }

  @Override
  public String compute(String key, BiFunction<? super String, ? super String, ? extends String> function) {
    throw readOnly();
  }

  @Override
  public String merge(String key, String value,
                      BiFunction<? super String, ? super String, ? extends String> function) {
    throw readOnly();
  }

  private static UnsupportedOperationException readOnly() {
    return new UnsupportedOperationException("cluster labels are read-only");
  }
}
