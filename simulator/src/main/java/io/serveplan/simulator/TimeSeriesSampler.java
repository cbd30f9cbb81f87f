package io.serveplan.simulator;

import io.serveplan.simulator.metrics.TimeSeries;
import java.util.Arrays;

/** Samples a cluster's state on a fixed grid of simulated time. */
final class TimeSeriesSampler {
  private final Replica[] replicas;
  private final long intervalNs;
  private long nextNs;
  private long lastTokens;
  private double[] t = new double[256];
  private double[] kv = new double[256];
  private double[] queue = new double[256];
  private double[] running = new double[256];
  private double[] tps = new double[256];
  private int n;

  TimeSeriesSampler(Replica[] replicas, long intervalNs) {
    this.replicas = replicas;
    this.intervalNs = intervalNs;
    this.nextNs = intervalNs;
  }

  /** Takes every sample due up to {@code now} (the state is that of the last event before it). */
  void advance(long now) {
    while (now >= nextNs) {
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        kv = Arrays.copyOf(kv, n * 2);
        queue = Arrays.copyOf(queue, n * 2);
        running = Arrays.copyOf(running, n * 2);
        tps = Arrays.copyOf(tps, n * 2);
      }
      double u = 0;
      int w = 0;
      int run = 0;
      long outputTokens = 0;
      for (Replica r : replicas) {
        u += r.kvUsage;
        w += r.scheduler.numWaiting();
        run += r.scheduler.numRunning();
        outputTokens += r.outputTokens;
      }
      t[n] = nextNs / 1e9;
      kv[n] = u / replicas.length;
      queue[n] = w;
      running[n] = run;
      tps[n] = (outputTokens - lastTokens) / (intervalNs / 1e9);
      lastTokens = outputTokens;
      n++;
      nextNs += intervalNs;
    }
  }

  /** The series, averaged down to at most 1,000 points. */
  TimeSeries build() {
    int stride = Math.max(1, (n + 999) / 1000);
    int m = (n + stride - 1) / stride;
    double[][] cols = {new double[m], new double[m], new double[m], new double[m], new double[m]};
    for (int j = 0; j < m; j++) {
      int from = j * stride;
      int to = Math.min(n, from + stride);
      cols[0][j] = t[to - 1];
      for (int x = from; x < to; x++) {
        cols[1][j] += kv[x] / (to - from);
        cols[2][j] += queue[x] / (to - from);
        cols[3][j] += running[x] / (to - from);
        cols[4][j] += tps[x] / (to - from);
      }
    }
    return new TimeSeries(intervalNs * stride / 1e9, cols[0], cols[1], cols[2], cols[3], cols[4]);
  }
}
