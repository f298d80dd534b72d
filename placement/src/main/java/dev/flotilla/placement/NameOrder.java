package dev.flotilla.placement;

import java.util.Arrays;
import java.util.List;

/**
 * Sorts clusters by name in {@link String#compareTo} order, fast for the usual case of many names that share a
 * prefix ({@code member-00001}, {@code member-00002}, ...).
 *
 * <p>Comparing such names one pair at a time re-reads the shared prefix on every comparison. Instead, each name
 * gets a 64-bit key: the characters right after the prefix that all names share, packed most significant first,
 * with the cluster's index in the low bits. Keys that differ order their names exactly as {@code compareTo} does
 * (the first differing character decides, and a name that ends sorts first), so one primitive sort of the keys
 * orders the clusters; only names whose packed characters are all equal are then compared in full.
 */
final class NameOrder {
  /** Below this size the plain comparison sort is as fast. */
  private static final int SMALL = 32;
  /** From this many keys on, the radix sort beats a primitive sort of the keys. */
  private static final int RADIX_MIN = 128;

  private NameOrder() {
  }

  /** Sorts the clusters in place by name. Names must be non-null. */
  static void sort(ClusterInfo[] clusters) {
    int[] order = order(Arrays.asList(clusters));
    ClusterInfo[] sorted = new ClusterInfo[clusters.length];
    for (int i = 0; i < order.length; i++) {
      sorted[i] = clusters[order[i]];
    }
    System.arraycopy(sorted, 0, clusters, 0, sorted.length);
  }

  /**
   * The clusters' positions in the list, in name order: {@code order[i]} is where the i-th name is. Equal names
   * (an invalid request) keep their list order. Names must be non-null.
   */
  static int[] order(List<ClusterInfo> clusters) {
    return of(clusters).positions();
  }

  /**
   * The name order of a list of clusters.
   *
   * @param positions where the i-th name is in the list
   * @param distinct  true when the sort showed on the way that no two names are equal; false says nothing
   */
  record Sorted(int[] positions, boolean distinct) {
  }

  /** As {@link #order(List)}, telling also whether the names are known to be distinct. */
  static Sorted of(List<ClusterInfo> clusters) {
    int count = clusters.size();
    int[] order = new int[count];
    int sorted = sortedness(clusters);
    if (sorted >= 0) {
      for (int i = 0; i < count; i++) {
        order[i] = i; // callers often pass a list that is sorted already
      }
      return new Sorted(order, sorted == 1);
    }
    if (count < SMALL) {
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      sortRun(clusters, order, 0, count);
      return new Sorted(order, false);
    }
    String first = clusters.get(0).name();
    int prefix = first.length();
    int longest = 0;
    for (int i = 0; i < count; i++) {
      String name = clusters.get(i).name();
      prefix = commonPrefixLength(first, name, prefix);
      longest = Math.max(longest, name.length());
    }
    int tail = longest - prefix; // characters after the prefix in the longest name: no key needs more
    int indexBits = 32 - Integer.numberOfLeadingZeros(count - 1);
    int keyBits = 63 - indexBits; // keeps every packed key non-negative, so signed order is key order
    // A character c is stored as c + 1 so that 0 can mean "the name has ended", which sorts first. Eight bits a
    // character fit most names; a character from 0xff up switches to 17 bits (and fewer characters a key).
    long[] packed = pack(clusters, prefix, tail, 8, keyBits, indexBits);
    if (packed == null) {
      packed = pack(clusters, prefix, tail, 17, keyBits, indexBits);
    }
    sortByCharacters(packed, indexBits);
    long indexMask = (1L << indexBits) - 1;
    int runStart = 0;
    boolean distinct = true; // names whose packed characters differ differ
    for (int i = 0; i < count; i++) {
      order[i] = (int) (packed[i] & indexMask);
      boolean runEnds = i + 1 == count || packed[i + 1] >>> indexBits != packed[i] >>> indexBits;
      if (runEnds) {
        if (i > runStart) {
          sortRun(clusters, order, runStart, i + 1); // equal packed characters: compare in full
          distinct = false;
        }
        runStart = i + 1;
      }
    }
    return new Sorted(order, distinct);
  }

  /** Stable sort of {@code order[from..to)} by name: insertion sort for a handful, else a merge sort. */
  private static void sortRun(List<ClusterInfo> clusters, int[] order, int from, int to) {
    if (to - from > 16) {
      Integer[] boxed = new Integer[to - from];
      for (int i = 0; i < boxed.length; i++) {
        boxed[i] = order[from + i];
      }
      Arrays.sort(boxed, (a, b) -> clusters.get(a).name().compareTo(clusters.get(b).name())); // stable
      for (int i = 0; i < boxed.length; i++) {
        order[from + i] = boxed[i];
      }
      return;
    }
    for (int i = from + 1; i < to; i++) {
      int moving = order[i];
      String name = clusters.get(moving).name();
      int at = i;
      while (at > from && clusters.get(order[at - 1]).name().compareTo(name) > 0) {
        order[at] = order[at - 1];
        at--;
      }
      order[at] = moving;
    }
  }

  /**
   * Sorts the packed keys by their characters (the bits above the index). Many clusters: a least-significant-digit
   * radix sort over the bytes that differ at all (names after a shared prefix usually differ in a few characters,
   * so a few passes); it is stable, so keys with equal characters keep their index order, as a full sort of the
   * keys leaves them. Few clusters: a plain sort of the keys.
   */
  static void sortByCharacters(long[] packed, int indexBits) {
    int count = packed.length;
    if (count < RADIX_MIN) {
      Arrays.sort(packed);
      return;
    }
    long differing = 0;
    for (long key : packed) {
      differing |= key ^ packed[0];
    }
    differing >>>= indexBits;
    long[] from = packed;
    long[] to = new long[count];
    int[] starts = new int[257];
    for (int shift = 0; shift < 64 && differing >>> shift != 0; shift += 8) {
      if ((differing >>> shift & 0xff) == 0) {
        continue; // every key has the same byte here
      }
      int digitShift = indexBits + shift;
      Arrays.fill(starts, 0);
      for (long key : from) {
        starts[(int) (key >>> digitShift & 0xff) + 1]++;
      }
      for (int digit = 1; digit < starts.length; digit++) {
        starts[digit] += starts[digit - 1];
      }
      for (long key : from) {
        to[starts[(int) (key >>> digitShift & 0xff)]++] = key;
      }
      long[] swap = from;
      from = to;
      to = swap;
    }
    if (from != packed) {
      System.arraycopy(from, 0, packed, 0, count);
    }
  }

  /** 1 when the names strictly ascend, 0 when they ascend with repeats, -1 when they are out of order. */
  private static int sortedness(List<ClusterInfo> clusters) {
    int result = 1;
    for (int i = 1; i < clusters.size(); i++) {
      int order = clusters.get(i - 1).name().compareTo(clusters.get(i).name());
      if (order > 0) {
        return -1;
      }
      if (order == 0) {
        result = 0;
      }
    }
    return result;
  }

  /** The length of the common prefix of two names, at most {@code limit}. */
  private static int commonPrefixLength(String first, String name, int limit) {
    if (name.regionMatches(0, first, 0, limit)) {
      return limit; // the usual case, compared without a call per character
    }
    int end = Math.min(limit, name.length());
    int same = 0;
    while (same < end && name.charAt(same) == first.charAt(same)) {
      same++;
    }
    return same;
  }

  /**
   * Packs each name's characters after the prefix, {@code charBits} bits a character, above its index; null when
   * a character does not fit.
   */
  private static long[] pack(List<ClusterInfo> clusters, int prefix, int tail, int charBits, int keyBits,
                             int indexBits) {
    int width = Math.min(keyBits / charBits, tail);
    int largest = (1 << charBits) - 1;
    long[] packed = new long[clusters.size()];
    for (int i = 0; i < packed.length; i++) {
      String name = clusters.get(i).name();
      long key = 0;
      for (int position = prefix; position < prefix + width; position++) {
        int code = position < name.length() ? name.charAt(position) + 1 : 0;
        if (code > largest) {
          return null;
        }
        key = key << charBits | code;
      }
      packed[i] = key << indexBits | i;
    }
    return packed;
  }
}
