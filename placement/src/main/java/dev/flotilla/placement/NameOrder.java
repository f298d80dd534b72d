package dev.flotilla.placement;

import java.util.Arrays;
import java.util.Comparator;

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
  private static final Comparator<ClusterInfo> BY_NAME = (a, b) -> a.name().compareTo(b.name());
  /** Below this size the plain comparison sort is as fast. */
  private static final int SMALL = 32;

  private NameOrder() {
  }

  /** Sorts the clusters in place by name. Names must be distinct and non-null. */
  static void sort(ClusterInfo[] clusters) {
    int count = clusters.length;
    if (isSorted(clusters)) {
      return; // callers often pass a list that is sorted already
    }
    if (count < SMALL) {
      Arrays.sort(clusters, BY_NAME);
      return;
    }
    String[] names = new String[count];
    String first = clusters[0].name();
    int prefix = first.length();
    for (int i = 0; i < count; i++) {
      String name = clusters[i].name();
      names[i] = name;
      prefix = commonPrefixLength(first, name, prefix);
    }
    int indexBits = 32 - Integer.numberOfLeadingZeros(count - 1);
    int keyBits = 63 - indexBits; // keeps every packed key non-negative, so signed order is key order
    // A character c is stored as c + 1 so that 0 can mean "the name has ended", which sorts first. Eight bits a
    // character fit most names; a character from 0xff up switches to 17 bits (and fewer characters a key).
    long[] packed = pack(names, prefix, 8, keyBits, indexBits);
    if (packed == null) {
      packed = pack(names, prefix, 17, keyBits, indexBits);
    }
    Arrays.sort(packed);
    long indexMask = (1L << indexBits) - 1;
    ClusterInfo[] sorted = new ClusterInfo[count];
    int runStart = 0;
    for (int i = 0; i < count; i++) {
      sorted[i] = clusters[(int) (packed[i] & indexMask)];
      boolean runEnds = i + 1 == count || packed[i + 1] >>> indexBits != packed[i] >>> indexBits;
      if (runEnds) {
        if (i > runStart) {
          Arrays.sort(sorted, runStart, i + 1, BY_NAME); // equal packed characters: compare in full
        }
        runStart = i + 1;
      }
    }
    System.arraycopy(sorted, 0, clusters, 0, count);
  }

  private static boolean isSorted(ClusterInfo[] clusters) {
    for (int i = 1; i < clusters.length; i++) {
      if (clusters[i - 1].name().compareTo(clusters[i].name()) > 0) {
        return false;
      }
    }
    return true;
  }

  /** The length of the common prefix of two names, at most {@code limit}. */
  private static int commonPrefixLength(String first, String name, int limit) {
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
  private static long[] pack(String[] names, int prefix, int charBits, int keyBits, int indexBits) {
    int width = keyBits / charBits;
    int largest = (1 << charBits) - 1;
    long[] packed = new long[names.length];
    for (int i = 0; i < names.length; i++) {
      String name = names[i];
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
