package io.serveplan.simulator.metrics;

import java.util.Arrays;

/**
 * Observations in nanoseconds, each with a weight (how many identical observations it stands for),
 * so that a decode step of B sequences records one entry instead of B. Statistics are those of the
 * expanded list, exactly as numpy computes them on it (linear-interpolation percentiles,
 * population standard deviation). Consecutive equal values merge. Not thread-safe.
 */
public final class WeightedSamples {

  private static final int WEIGHT_BITS = 20;
  private static final long MAX_WEIGHT = (1L << WEIGHT_BITS) - 1;

  private long[] packed = new long[1024];
  private int n;
  private long lastValue = -1;
  private long count;

  public void add(long valueNs) {
    add(valueNs, 1);
  }

  /** {@code weight} observations of {@code valueNs} (negative values are clamped to 0). */
  public void add(long valueNs, long weight) {
    if (weight <= 0) {
      return;
    }
    long v = Math.max(0, valueNs);
    count += weight;
    if (v == lastValue && n > 0) {
      long w = (packed[n - 1] & MAX_WEIGHT) + weight;
      if (w <= MAX_WEIGHT) {
        packed[n - 1] = (v << WEIGHT_BITS) | w;
        return;
      }
      packed[n - 1] = (v << WEIGHT_BITS) | MAX_WEIGHT;
      weight = w - MAX_WEIGHT;
    }
    while (weight > 0) {
      long w = Math.min(weight, MAX_WEIGHT);
      if (n == packed.length) {
        packed = Arrays.copyOf(packed, n * 2);
      }
      packed[n++] = (v << WEIGHT_BITS) | w;
      weight -= w;
    }
    lastValue = v;
  }

  public long count() {
    return count;
  }

  /**
   * mean, median, std, p90, p95, p99 in milliseconds (all 0 when empty, as vLLM reports).
   */
  public double[] statsMs() {
    double[] out = new double[6];
    if (count == 0) {
      return out;
    }
    long[] s = Arrays.copyOf(packed, n);
    Arrays.sort(s);
    double sum = 0;
    for (long p : s) {
      sum += (double) (p >>> WEIGHT_BITS) * (p & MAX_WEIGHT);
    }
    double mean = sum / count;
    double sq = 0;
    for (long p : s) {
      double d = (p >>> WEIGHT_BITS) - mean;
      sq += d * d * (p & MAX_WEIGHT);
    }
    out[0] = mean / 1e6;
    out[2] = Math.sqrt(sq / count) / 1e6;
    double[] ps = {50, 90, 95, 99};
    int[] slot = {1, 3, 4, 5};
    for (int k = 0; k < ps.length; k++) {
      out[slot[k]] = percentile(s, ps[k]) / 1e6;
    }
    return out;
  }

  private double percentile(long[] s, double p) {
    double h = (count - 1) * p / 100;
    long lo = (long) Math.floor(h);
    double frac = h - lo;
    double a = at(s, lo);
    double b = frac > 0 ? at(s, lo + 1) : a;
    return a + frac * (b - a);
  }

  /** The value at position {@code idx} of the expanded, sorted list. */
  private static double at(long[] s, long idx) {
    long seen = 0;
    for (long p : s) {
      seen += p & MAX_WEIGHT;
      if (idx < seen) {
        return p >>> WEIGHT_BITS;
      }
    }
    return s[s.length - 1] >>> WEIGHT_BITS;
  }
}
