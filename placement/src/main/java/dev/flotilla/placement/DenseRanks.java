package dev.flotilla.placement;

import java.util.Arrays;

/** Replaces values by their dense rank (0 for the smallest distinct value, 1 for the next, ...). */
final class DenseRanks {
  /** Up to this many distinct values are ranked by scanning a small table instead of sorting. */
  private static final int FEW = 8;

  private DenseRanks() {
  }

  /**
   * Writes the dense rank of {@code values[i]} to {@code ranks[i]} (the first {@code values.length} entries) and
   * returns the number of distinct values.
   */
  static int of(long[] values, int[] ranks) {
    int count = values.length;
    long[] few = new long[FEW];
    int distinct = 0;
    for (int i = 0; i < count; i++) {
      if (indexOf(few, distinct, values[i]) < 0) {
        if (distinct == FEW) {
          distinct++; // too many for the table
          break;
        }
        few[distinct++] = values[i];
      }
    }
    if (distinct <= FEW) {
      Arrays.sort(few, 0, distinct);
      for (int i = 0; i < count; i++) {
        ranks[i] = indexOf(few, distinct, values[i]);
      }
      return distinct;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int unique = 0;
    for (int i = 0; i < count; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        sorted[unique++] = sorted[i];
      }
    }
    for (int i = 0; i < count; i++) {
      ranks[i] = Arrays.binarySearch(sorted, 0, unique, values[i]);
    }
    return unique;
  }

  /** Bits needed to hold ranks {@code 0 .. distinct - 1}. */
  static int bitsFor(int distinct) {
    return distinct <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(distinct - 1);
  }

  private static int indexOf(long[] table, int size, long value) {
    for (int i = 0; i < size; i++) {
      if (table[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
