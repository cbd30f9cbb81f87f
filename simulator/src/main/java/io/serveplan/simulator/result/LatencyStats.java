package io.serveplan.simulator.result;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * One latency family of {@code vllm bench serve} (TTFT, TPOT, ITL or E2EL), in milliseconds: mean,
 * median, standard deviation (numpy's, population) and the percentiles asked for, keyed by percent
 * (vLLM writes {@code --metric-percentiles}, default 99; ServePlan writes 90, 95 and 99). A family
 * vLLM was not asked for ({@code --percentile-metrics}) is {@link #ABSENT}. Immutable.
 *
 * @param percentilesMs percent (0, 100] to value, ascending by percent
 */
public record LatencyStats(double meanMs, double medianMs, double stdMs, NavigableMap<Double, Double> percentilesMs) {

  /** The percentiles ServePlan reports for every family. */
  public static final List<Double> SERVEPLAN_PERCENTILES = List.of(90.0, 95.0, 99.0);

  /** A family the result does not report. */
  public static final LatencyStats ABSENT = new LatencyStats(Double.NaN, Double.NaN, Double.NaN, new TreeMap<>());

  public LatencyStats {
    for (Double p : percentilesMs.keySet()) {
      if (!(p > 0 && p <= 100)) {
        throw new IllegalArgumentException("percentile: " + p + " is outside (0, 100]");
      }
    }
    percentilesMs = Collections.unmodifiableNavigableMap(new TreeMap<>(percentilesMs));
  }

  /**
   * From the six values mean, median, std, p90, p95, p99 ({@code MetricsCollector.stats}, in ms).
   */
  public static LatencyStats ofSix(double[] meanMedianStdP90P95P99) {
    double[] s = meanMedianStdP90P95P99;
    if (s.length != 6) {
      throw new IllegalArgumentException("expected mean, median, std, p90, p95, p99; got " + s.length + " values");
    }
    NavigableMap<Double, Double> p = new TreeMap<>();
    for (int i = 0; i < SERVEPLAN_PERCENTILES.size(); i++) {
      p.put(SERVEPLAN_PERCENTILES.get(i), s[3 + i]);
    }
    return new LatencyStats(s[0], s[1], s[2], p);
  }

  public boolean reported() {
    return !Double.isNaN(meanMs);
  }

  /** The {@code percent}-th percentile, if reported. */
  public OptionalDouble percentileMs(double percent) {
    Double v = percentilesMs.get(percent);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  public double p90Ms() {
    return required(90);
  }

  public double p95Ms() {
    return required(95);
  }

  public double p99Ms() {
    return required(99);
  }

  /**
   * Hands each key of this family and its value to {@code out} in vLLM's order: {@code mean_X_ms},
   * {@code median_X_ms}, {@code std_X_ms}, then {@code pP_X_ms} by ascending percent. Nothing when absent.
   *
   * @param family {@code ttft}, {@code tpot}, {@code itl} or {@code e2el}
   */
  public void forEachKey(String family, BiConsumer<String, Double> out) {
    if (!reported()) {
      return;
    }
    out.accept("mean_" + family + "_ms", meanMs);
    out.accept("median_" + family + "_ms", medianMs);
    out.accept("std_" + family + "_ms", stdMs);
    for (Map.Entry<Double, Double> e : percentilesMs.entrySet()) {
      out.accept(percentileKey(e.getKey(), family), e.getValue());
    }
  }

  /** vLLM's key of a percentile: {@code p99_ttft_ms}, {@code p99.9_ttft_ms} (integral percents without ".0"). */
  public static String percentileKey(double percent, String family) {
    String word = percent == Math.rint(percent) ? Long.toString((long) percent) : Double.toString(percent);
    return "p" + word + "_" + family + "_ms";
  }

  private double required(double percent) {
    Double v = percentilesMs.get(percent);
    if (v == null) {
      throw new IllegalStateException("p" + (long) percent + " is not reported; reported percentiles: "
          + percentilesMs.keySet());
    }
    return v;
  }
}
