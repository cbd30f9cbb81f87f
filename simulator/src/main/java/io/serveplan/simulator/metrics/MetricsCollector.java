package io.serveplan.simulator.metrics;

import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.result.LatencyStats;
import io.serveplan.simulator.spec.SloSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Records what a benchmark client observes — arrival, first token, each later token, finish, in
 * nanoseconds — and computes vLLM {@code bench serve}'s result keys from them, with its definitions:
 * TTFT from arrival to first token; TPOT = (e2el − ttft) / (output tokens − 1) over requests with
 * more than one output token; ITL = every gap between consecutive tokens of a request; E2EL from
 * arrival to last token; {@code request_goodput} (vLLM's name) = requests within every SLO per second; {@code duration}
 * from time 0 to the last finish. Shared by the simulator and the executor so predicted and
 * measured keys match exactly.
 *
 * <p>Request ids are dense indices from 0 (arrays grow as needed). ITLs are kept as weighted
 * samples ({@link #itlBulk}), so a decode step of B sequences costs one entry. Not thread-safe.
 */
public final class MetricsCollector {

  private final boolean keepItl;
  private long[] arrivalNs;
  private long[] firstNs;
  private long[] lastNs;
  private long[] finishNs;
  private int[] prompt;
  private int[] produced;
  private double[][] itlLists;
  private int[] itlCount;
  private final WeightedSamples itl = new WeightedSamples();
  private int completed;
  private long maxId = -1;

  /**
   * @param expectedRequests initial capacity
   * @param keepItl whether to keep every request's ITL list (for per-request records)
   */
  public MetricsCollector(int expectedRequests, boolean keepItl) {
    int cap = Math.max(16, expectedRequests);
    this.keepItl = keepItl;
    arrivalNs = new long[cap];
    firstNs = new long[cap];
    lastNs = new long[cap];
    finishNs = new long[cap];
    prompt = new int[cap];
    produced = new int[cap];
    if (keepItl) {
      itlLists = new double[cap][];
      itlCount = new int[cap];
    }
  }

  public void arrival(long id, long timeNs, int promptTokens) {
    int i = slot(id);
    arrivalNs[i] = timeNs;
    firstNs[i] = -1;
    lastNs[i] = -1;
    finishNs[i] = -1;
    prompt[i] = promptTokens;
    produced[i] = 0;
  }

  /** A token arrived at the client (the first one sets TTFT, later ones record an ITL). */
  public void token(long id, long timeNs) {
    int i = (int) id;
    if (produced[i] == 0) {
      firstNs[i] = timeNs;
    } else {
      long gap = timeNs - lastNs[i];
      itl.add(gap);
      if (keepItl) {
        appendItl(i, gap);
      }
    }
    lastNs[i] = timeNs;
    produced[i]++;
  }

  /** {@code weight} ITL observations of {@code gapNs} (one decode step of many sequences). */
  public void itlBulk(long gapNs, long weight) {
    itl.add(gapNs, weight);
  }

  /**
   * {@code k} later tokens of request {@code id} whose ITLs were recorded with {@link #itlBulk}; the
   * last arrives at {@code lastTimeNs}.
   */
  public void tokensBulk(long id, int k, long lastTimeNs) {
    int i = (int) id;
    produced[i] += k;
    lastNs[i] = lastTimeNs;
  }

  public void finish(long id, long timeNs) {
    int i = (int) id;
    finishNs[i] = timeNs;
    completed++;
  }

  public long lastTokenNs(long id) {
    return lastNs[(int) id];
  }

  public int produced(long id) {
    return produced[(int) id];
  }

  public int completed() {
    return completed;
  }

  public boolean isFinished(long id) {
    return finishNs[(int) id] >= 0;
  }

  /** The latest finish time (ns), 0 if none. */
  public long lastFinishNs() {
    long m = 0;
    for (int i = 0; i <= maxId; i++) {
      m = Math.max(m, finishNs[i]);
    }
    return m;
  }

  public double ttftMs(long id) {
    int i = (int) id;
    return (firstNs[i] - arrivalNs[i]) / 1e6;
  }

  public double e2elMs(long id) {
    int i = (int) id;
    return (finishNs[i] - arrivalNs[i]) / 1e6;
  }

  /** vLLM's TPOT of one request (0 when it produced a single token). */
  public double tpotMs(long id) {
    int i = (int) id;
    return produced[i] > 1 ? (finishNs[i] - firstNs[i]) / 1e6 / (produced[i] - 1) : 0;
  }

  public boolean isGood(long id, SloSpec slo) {
    return ttftMs(id) <= slo.ttftMs() && tpotMs(id) <= slo.tpotMs()
        && (slo.e2elMs() == null || e2elMs(id) <= slo.e2elMs());
  }

  public double arrivalS(long id) {
    return arrivalNs[(int) id] / 1e9;
  }

  public int promptTokens(long id) {
    return prompt[(int) id];
  }

  public List<Double> itlMs(long id) {
    if (!keepItl || itlLists[(int) id] == null) {
      return List.of();
    }
    List<Double> l = new ArrayList<>(itlCount[(int) id]);
    for (int k = 0; k < itlCount[(int) id]; k++) {
      l.add(itlLists[(int) id][k] / 1e6);
    }
    return l;
  }

  /**
   * vLLM bench serve's metrics over the completed requests (every key of
   * {@link BenchServeMetrics#KEYS}).
   *
   * @param durationNs the benchmark's duration (normally {@link #lastFinishNs()})
   */
  public BenchServeMetrics benchMetrics(long durationNs, SloSpec slo) {
    double dur = durationNs / 1e9;
    long in = 0;
    long out = 0;
    int good = 0;
    double[] ttft = new double[completed];
    double[] e2el = new double[completed];
    double[] tpot = new double[completed];
    int nt = 0;
    int k = 0;
    for (int i = 0; i <= maxId; i++) {
      if (finishNs[i] < 0) {
        continue;
      }
      in += prompt[i];
      out += produced[i];
      ttft[k] = ttftMs(i);
      e2el[k] = e2elMs(i);
      if (produced[i] > 1) {
        tpot[nt++] = tpotMs(i);
      }
      if (isGood(i, slo)) {
        good++;
      }
      k++;
    }
    return new BenchServeMetrics(completed, dur, in, out,
        dur > 0 ? completed / dur : 0.0,
        dur > 0 ? out / dur : 0.0,
        dur > 0 ? (in + out) / dur : 0.0,
        OptionalDouble.of(dur > 0 ? good / dur : 0.0),
        LatencyStats.ofSix(stats(ttft, completed)),
        LatencyStats.ofSix(stats(tpot, nt)),
        LatencyStats.ofSix(itl.statsMs()),
        LatencyStats.ofSix(stats(e2el, completed)));
  }

  /**
   * mean, median, std, p90, p95, p99 of the first n values (numpy definitions); also used by the
   * executor's load generator, so measured and predicted keys share one definition.
   */
  public static double[] stats(double[] values, int n) {
    double[] out = new double[6];
    if (n == 0) {
      return out;
    }
    double[] s = Arrays.copyOf(values, n);
    Arrays.sort(s);
    double sum = 0;
    for (double v : s) {
      sum += v;
    }
    double mean = sum / n;
    double sq = 0;
    for (double v : s) {
      sq += (v - mean) * (v - mean);
    }
    out[0] = mean;
    out[1] = percentile(s, 50);
    out[2] = Math.sqrt(sq / n);
    out[3] = percentile(s, 90);
    out[4] = percentile(s, 95);
    out[5] = percentile(s, 99);
    return out;
  }

  static double percentile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p / 100;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private int slot(long id) {
    if (id < 0 || id >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("request id must be a dense index >= 0, got " + id);
    }
    int i = (int) id;
    if (i >= arrivalNs.length) {
      int cap = Math.max(i + 1, arrivalNs.length * 2);
      arrivalNs = Arrays.copyOf(arrivalNs, cap);
      firstNs = Arrays.copyOf(firstNs, cap);
      lastNs = Arrays.copyOf(lastNs, cap);
      finishNs = Arrays.copyOf(finishNs, cap);
      prompt = Arrays.copyOf(prompt, cap);
      produced = Arrays.copyOf(produced, cap);
      if (keepItl) {
        itlLists = Arrays.copyOf(itlLists, cap);
        itlCount = Arrays.copyOf(itlCount, cap);
      }
    }
    if (i > maxId) {
      for (long j = maxId + 1; j < i; j++) {
        finishNs[(int) j] = -1;
      }
      maxId = i;
    }
    return i;
  }

  private void appendItl(int i, long gap) {
    double[] l = itlLists[i];
    if (l == null) {
      l = itlLists[i] = new double[8];
    } else if (itlCount[i] == l.length) {
      l = itlLists[i] = Arrays.copyOf(l, l.length * 2);
    }
    l[itlCount[i]++] = gap;
  }
}
