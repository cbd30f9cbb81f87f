package io.serveplan.cost.capacity;

import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.metrics.TimeSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * The steady-state reading of one open-loop run at an offered rate, by batch means.
 *
 * <pre>
 *   window       requests arriving after the warm-up (the first 20 % of the arrival span, and at least
 *                three mean end-to-end latencies: an empty engine filling to its steady occupancy) and
 *                before the drain (the last 10 %: no later arrivals compete); a window under 30 % of
 *                the span is too short for the run's latencies (unsettled: the caller runs longer)
 *   batches      the window's requests in arrival order, cut into {@value #BATCHES} equal batches;
 *                per batch: attainment (share good), p95 TTFT, p95 TPOT
 *   interval     attainment: batch mean ± t(1 − (1 − confidence)/2, batches − 1) × sd / √batches
 *                p95s: by sectioning (Asmussen &amp; Glynn, Stochastic Simulation, 2007, §III.5a): the
 *                whole window's p95 ± t × s / √batches, s² = Σ (batch p95 − window p95)² / (batches − 1);
 *                a mean of batch p95s is biased low for a tail and can exclude the window's own p95
 *   achieved     requests finishing inside the window ÷ requests arriving inside it
 *   goodput      requests finishing inside the window within both SLO targets ÷ the window's length
 *   medians      p50 TTFT and TPOT over the window's arrivals (TPOT of those with more than one token)
 *   trend        least-squares slope of the requests in the system (waiting + running) over the
 *                window; it grows when the slope is significant (p &lt; 0.01) and adds more than
 *                max(5, 10 % of the mean) over the window (a batch still filling is not steady either)
 * </pre>
 *
 * Verdicts: {@code PASS} when the attainment's lower bound reaches the target and the run is
 * steady; {@code FAIL} when the upper bound misses it, or less than 90 % of the window's arrivals
 * finish in it; otherwise {@code UNSETTLED} (the caller runs longer). Immutable.
 */
record SteadyState(
    double attainment, double attainmentLow, double attainmentHigh,
    double p95TtftMs, double p95TtftMsLow, double p95TtftMsHigh, double p95TpotMs,
    double achievedRps, double achievedRatio, boolean queueGrows, Verdict verdict, String why,
    double p50TtftMs, double p50TpotMs, double goodputRps) {

  static final int BATCHES = 10;
  static final double WARMUP_SHARE = 0.2;
  static final double DRAIN_SHARE = 0.1;
  static final double WARMUP_LATENCIES = 3;
  static final double MIN_WINDOW_SHARE = 0.3;
  static final double TREND_SHARE = 0.1;
  static final double BACKLOG_RATIO = 0.97;
  static final double GROSS_BACKLOG_RATIO = 0.90;

  enum Verdict { PASS, FAIL, UNSETTLED }

  static SteadyState of(List<RequestRecord> records, TimeSeries series, double target, double confidence) {
    List<RequestRecord> sorted = new ArrayList<>(records);
    sorted.sort(Comparator.comparingDouble(RequestRecord::arrivalS));
    if (sorted.size() < 2 * BATCHES) {
      return new SteadyState(0, 0, 0, 0, 0, 0, 0, 0, 0, false, Verdict.FAIL, "too few requests completed",
          0, 0, 0);
    }
    double first = sorted.get(0).arrivalS();
    double span = sorted.get(sorted.size() - 1).arrivalS() - first;
    double meanE2eS = sorted.stream().mapToDouble(RequestRecord::e2elMs).average().orElse(0) / 1e3;
    double from = first + Math.max(WARMUP_SHARE * span, WARMUP_LATENCIES * meanE2eS);
    double to = first + (1 - DRAIN_SHARE) * span;
    if (to - from < MIN_WINDOW_SHARE * span) {
      return new SteadyState(0, 0, 1, 0, 0, 0, 0, 0, 0, false, Verdict.UNSETTLED, String.format(Locale.ROOT,
          "a %.0f s run is too short for its %.1f s mean latency", span, meanE2eS), 0, 0, 0);
    }
    List<RequestRecord> window = sorted.stream().filter(r -> r.arrivalS() >= from && r.arrivalS() < to).toList();
    long finishing = sorted.stream().filter(r -> {
      double end = r.arrivalS() + r.e2elMs() / 1e3;
      return end >= from && end < to;
    }).count();
    double ratio = window.isEmpty() ? 0 : finishing / (double) window.size();
    double achieved = finishing / Math.max(1e-9, to - from);
    long goodFinishing = sorted.stream().filter(r -> {
      double end = r.arrivalS() + r.e2elMs() / 1e3;
      return r.good() && end >= from && end < to;
    }).count();
    double goodput = goodFinishing / Math.max(1e-9, to - from);
    if (window.size() < 2 * BATCHES) {
      return new SteadyState(0, 0, 0, 0, 0, 0, 0, achieved, ratio, false, Verdict.FAIL, "too few requests in window",
          0, 0, goodput);
    }
    double[] att = new double[BATCHES];
    double[] ttft = new double[BATCHES];
    int per = window.size() / BATCHES;
    for (int b = 0; b < BATCHES; b++) {
      List<RequestRecord> batch = window.subList(b * per, b == BATCHES - 1 ? window.size() : (b + 1) * per);
      att[b] = batch.stream().filter(RequestRecord::good).count() / (double) batch.size();
      ttft[b] = p95(batch.stream().mapToDouble(RequestRecord::ttftMs).toArray());
    }
    double attainment = window.stream().filter(RequestRecord::good).count() / (double) window.size();
    double[] attCi = interval(att, confidence);
    double p95Ttft = p95(window.stream().mapToDouble(RequestRecord::ttftMs).toArray());
    double[] ttftCi = sectioned(ttft, p95Ttft, confidence);
    double[] tpots = window.stream().filter(r -> r.outputTokens() > 1).mapToDouble(RequestRecord::tpotMs).toArray();
    double p95Tpot = p95(tpots);
    double p50Ttft = percentile(window.stream().mapToDouble(RequestRecord::ttftMs).toArray(), 50);
    double p50Tpot = percentile(tpots, 50);
    boolean grows = queueGrows(series, from, to);
    Verdict v;
    String why;
    if (ratio < GROSS_BACKLOG_RATIO || attCi[1] < target) {
      v = Verdict.FAIL;
      why = ratio < GROSS_BACKLOG_RATIO
          ? String.format(Locale.ROOT, "backlog: %.0f%% of the window's arrivals finish in it", ratio * 100)
          : String.format(Locale.ROOT, "attainment %.3f, at most %.3f at %.0f%% confidence (target %.2f)",
              attainment, attCi[1], confidence * 100, target);
    } else if (grows || ratio < BACKLOG_RATIO) {
      v = Verdict.UNSETTLED;
      why = grows ? "the requests in the system still grow over the window"
          : String.format(Locale.ROOT, "only %.0f%% of the window's arrivals finish in it", ratio * 100);
    } else if (attCi[0] >= target) {
      v = Verdict.PASS;
      why = String.format(Locale.ROOT, "attainment %.3f, at least %.3f at %.0f%% confidence (target %.2f)",
          attainment, attCi[0], confidence * 100, target);
    } else {
      v = Verdict.UNSETTLED;
      why = String.format(Locale.ROOT, "attainment %.3f in [%.3f, %.3f] straddles the target %.2f", attainment,
          attCi[0], attCi[1], target);
    }
    return new SteadyState(attainment, Math.max(0, attCi[0]), Math.min(1, attCi[1]), p95Ttft, Math.max(0, ttftCi[0]), ttftCi[1],
        p95Tpot, achieved, ratio, grows, v, why, p50Ttft, p50Tpot, goodput);
  }

  /** Two-sided Student-t interval of the mean of {@code x} at {@code confidence}. */
  static double[] interval(double[] x, double confidence) {
    SummaryStatistics s = new SummaryStatistics();
    for (double v : x) {
      s.addValue(v);
    }
    double t = new TDistribution(x.length - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double half = t * s.getStandardDeviation() / Math.sqrt(x.length);
    return new double[] {s.getMean() - half, s.getMean() + half};
  }

  /**
   * The sectioning interval of a statistic: {@code whole} (the statistic over all the data) ±
   * t(1 − (1 − confidence)/2, n − 1) × s / √n, where s² is the sum of squared deviations of the n
   * sections' statistics from {@code whole}, over n − 1. It always contains {@code whole}.
   */
  static double[] sectioned(double[] sections, double whole, double confidence) {
    double ss = 0;
    for (double v : sections) {
      ss += (v - whole) * (v - whole);
    }
    int n = sections.length;
    double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double half = t * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
    return new double[] {whole - half, whole + half};
  }

  /** The 95th percentile as numpy (and vLLM's benchmark) computes it: linear interpolation. */
  static double p95(double[] x) {
    return percentile(x, 95);
  }

  /** The {@code p}th percentile, linear interpolation as numpy; 0 of no values. */
  static double percentile(double[] x, double p) {
    if (x.length == 0) {
      return 0;
    }
    return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(x, p);
  }

  private static boolean queueGrows(TimeSeries ts, double from, double to) {
    if (ts == null || ts.timeS().length < 4) {
      return false;
    }
    SimpleRegression reg = new SimpleRegression();
    SummaryStatistics q = new SummaryStatistics();
    for (int i = 0; i < ts.timeS().length; i++) {
      if (ts.timeS()[i] >= from && ts.timeS()[i] < to) {
        double inSystem = ts.queueLength()[i] + ts.running()[i];
        reg.addData(ts.timeS()[i], inSystem);
        q.addValue(inSystem);
      }
    }
    if (reg.getN() < 4) {
      return false;
    }
    double growth = reg.getSlope() * (to - from);
    double p = reg.getSignificance();
    return !Double.isNaN(p) && p < 0.01 && growth > Math.max(5, TREND_SHARE * q.getMean());
  }
}
