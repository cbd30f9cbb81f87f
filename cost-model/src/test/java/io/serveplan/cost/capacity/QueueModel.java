package io.serveplan.cost.capacity;

import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.metrics.TimeSeries;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  public SimulationResult run(WhatIfSpec s) {
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
    Map<String, Object> m = new HashMap<>();
    m.put("completed", n);
    m.put("total_input_tokens", 1000L * n);
    m.put("total_output_tokens", 200L * n);
    m.put("request_throughput", n / span);
    m.put("request_goodput", good / span);
    return new SimulationResult(m, null, s, new TimeSeries(0.25, time, new double[samples], queue,
        new double[samples], new double[samples]), records);
  }
}
