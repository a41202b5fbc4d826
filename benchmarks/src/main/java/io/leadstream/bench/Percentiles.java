package io.leadstream.bench;

/** Nearest-rank percentiles of latencies the load generators record in nanoseconds. */
final class Percentiles {

  private Percentiles() {}

  /** The {@code p} (0 to 1) percentile of {@code sorted} nanoseconds, in ms; NaN when empty. */
  static double millis(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
