package io.serveplan.cost.capacity;

import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.metrics.TimeSeries;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.result.EngineMetrics;
import io.serveplan.simulator.result.LatencyStats;
import io.serveplan.simulator.result.ResultMetrics;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the simulator: one FIFO server taking {@value #SERVICE_S} s a request (so 10
 * requests/s saturate it), Poisson arrivals from the spec's seed; TTFT = wait + service, TPOT 20 ms.
 * A closed loop (arrival: concurrency) keeps the server busy. Counts its runs.
 */
final class QueueModel implements ProbeSimulator {

  static final double SERVICE_S = 0.1;
  final AtomicInteger runs = new AtomicInteger();

  @Override
  public SimulationResult run(RunPlan plan) {
    WhatIfSpec s = plan.spec();
    runs.incrementAndGet();
    int n = s.workload().numRequests();
    boolean closed = "concurrency".equals(s.workload().arrival());
    Random rnd = new Random(s.seed());
    List<RequestRecord> records = new ArrayList<>();
    double t = 0;
    double free = 0;
    double[] arrivals = new double[n];
    double[] starts = new double[n];
    for (int i = 0; i < n; i++) {
      t = closed ? 0 : t + -Math.log(1 - rnd.nextDouble()) / s.workload().rate();
      double start = Math.max(t, free);
      free = start + SERVICE_S;
      double ttftMs = (free - t) * 1e3;
      arrivals[i] = t;
      starts[i] = start;
      records.add(new RequestRecord(i, t, 1000, 200, 0, 0, 0, ttftMs, 20, ttftMs + 20 * 199,
          ttftMs <= s.slo().ttftMs(), List.of()));
    }
    int samples = (int) Math.max(2, free / 0.25);
    double[] time = new double[samples];
    double[] queue = new double[samples];
    int a = 0;
    int b = 0;
    for (int k = 0; k < samples; k++) {
      time[k] = k * 0.25;
      while (a < n && arrivals[a] <= time[k]) {
        a++;
      }
      while (b < n && starts[b] <= time[k]) {
        b++;
      }
      queue[k] = a - b;
    }
    double span = Math.max(1e-9, free);
    long good = records.stream().filter(RequestRecord::good).count();
    // the queue model knows counts and rates only: its latencies and engine metrics are zeros
    LatencyStats none = LatencyStats.ofSix(new double[6]);
    BenchServeMetrics bench = new BenchServeMetrics(n, span, 1000L * n, 200L * n, n / span, 200.0 * n / span,
        1200.0 * n / span, OptionalDouble.of(good / span), none, none, none, none);
    EngineMetrics engine = new EngineMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, n, 0, 0, 0, 1, 1, span);
    return new SimulationResult(new ResultMetrics(bench, engine), null, s,
        new TimeSeries(0.25, time, new double[samples], queue,
        new double[samples], new double[samples]), records);
  }
}
