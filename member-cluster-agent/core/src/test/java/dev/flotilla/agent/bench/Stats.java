package dev.flotilla.agent.bench;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/** Percentiles of latencies, by nearest rank over all samples (1,000 samples need no histogram). */
final class Stats {

  private Stats() {
  }

  /**
   * The differences {@code later[i] - earlier[i]} for every i in [from, to) where both times were seen.
   *
   * @param later the later times (0 = not seen)
   * @param earlier the earlier times (0 = not seen)
   * @param from first index
   * @param to index after the last
   * @return the differences, in nanoseconds
   */
  static long[] differences(AtomicLongArray later, AtomicLongArray earlier, int from, int to) {
    long[] out = new long[Math.max(0, to - from)];
    int n = 0;
    for (int i = from; i < to; i++) {
      long end = later.get(i);
      long start = earlier.get(i);
      if (end != 0 && start != 0) {
        out[n++] = end - start;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * The nearest-rank percentile.
   *
   * @param samples the samples (not modified)
   * @param quantile 0 < quantile ≤ 1 (1 = the maximum)
   * @return the value, or -1 when there is no sample
   */
  static long percentile(long[] samples, double quantile) {
    if (samples.length == 0) {
      return -1;
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(quantile * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }
}
