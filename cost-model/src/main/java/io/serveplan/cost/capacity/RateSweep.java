package io.serveplan.cost.capacity;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throughput–latency curve over offered rates, as {@code vllm bench sweep} and GuideLLM's sweep
 * produce, by steady-state probes of one replica: each point is an offered rate with the achieved
 * throughput, p95 TTFT and TPOT (with intervals) and SLO attainment; rates at or above the
 * saturated service rate are marked unstable without simulating their backlog.
 *
 * <pre>
 *   rates     fractions 0.1, 0.2, ... of the service rate μ up to 1.1 μ (or the rates given)
 *   knee      the stable point farthest below the chord of the normalised (rate, p95 TTFT) curve
 *             (Kneedle): past it latency grows faster than throughput
 *   capacity  the SLO-limited capacity of {@link CapacitySearch} (the highest rate whose attainment
 *             holds at the search's confidence)
 * </pre>
 *
 * {@code slo} and {@code maxRps} (the capacity) keep the names the capacity chart reads. Immutable.
 */
public record RateSweep(
    String configuration,
    List<CapacityPoint> curve,
    @JsonProperty("knee_rps") double kneeRps,
    @JsonProperty("max_rps") double maxRps,
    @JsonProperty("service_rps") double serviceRps,
    Map<String, Object> slo) {

  /** The fewest and most rates one sweep takes (the knee needs three stable points). */
  public static final int MIN_POINTS = 3;
  public static final int MAX_POINTS = 50;

  /**
   * Told after each step of a sweep: the service rate, each offered rate, the capacity search
   * ({@code total} = rates + 2). It runs on the sweeping thread and may throw an unchecked
   * exception to stop the sweep (a cancelled run).
   */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> { };

    void step(int done, int total);
  }

  public RateSweep {
    curve = List.copyOf(curve);
    slo = Map.copyOf(slo);
  }

  /** Sweeps {@code plan}'s configuration over {@code rates} (empty: {@code points} fractions of μ up to 1.1 μ). */
  public static RateSweep of(CapacitySearch search, RunPlan plan, List<Double> rates, int points, CapacityOptions o) {
    return of(search, plan, rates, points, o, Progress.NONE);
  }

  /** As {@link #of(CapacitySearch, RunPlan, List, int, CapacityOptions)}, telling {@code progress} after each step. */
  public static RateSweep of(CapacitySearch search, RunPlan plan, List<Double> rates, int points, CapacityOptions o,
      Progress progress) {
    WhatIfSpec spec = plan.spec();
    int total = (rates.isEmpty() ? points : rates.size()) + 2;
    int done = 0;
    double service = search.serviceRate(plan, o);
    progress.step(++done, total);
    List<Double> offered = new ArrayList<>(rates);
    if (offered.isEmpty()) {
      for (int i = 1; i <= points; i++) {
        offered.add(service * 1.1 * i / points);
      }
    }
    List<CapacityPoint> curve = new ArrayList<>();
    for (double r : offered.stream().sorted().toList()) {
      curve.add(search.probe(plan, r, service, o).point());
      progress.step(++done, total);
    }
    Capacity capacity = search.search(plan, o);
    progress.step(++done, total);
    String label = spec.model() + " on " + spec.hardware() + " (tp " + spec.tensorParallel() + ", "
        + spec.weightsDtype() + ", " + spec.engine().preset() + ")";
    return new RateSweep(label, curve, knee(curve), capacity.maxRps(), service,
        Map.of("ttft_ms", spec.slo().ttftMs(), "tpot_ms", spec.slo().tpotMs(), "attainment", o.attainment()));
  }

  /** Kneedle on the stable points: the rate maximising normalised rate − normalised p95 TTFT. */
  static double knee(List<CapacityPoint> curve) {
    List<CapacityPoint> stable = curve.stream().filter(p -> p.p95TtftMs() != null && p.requests() > 0).toList();
    if (stable.size() < 3) {
      return stable.isEmpty() ? 0 : stable.get(stable.size() - 1).rps();
    }
    double x0 = stable.get(0).rps();
    double x1 = stable.get(stable.size() - 1).rps();
    double y0 = stable.stream().mapToDouble(CapacityPoint::p95TtftMs).min().orElse(0);
    double y1 = stable.stream().mapToDouble(CapacityPoint::p95TtftMs).max().orElse(1);
    double best = Double.NEGATIVE_INFINITY;
    double knee = x0;
    for (CapacityPoint p : stable) {
      double xn = (p.rps() - x0) / Math.max(1e-12, x1 - x0);
      double yn = (p.p95TtftMs() - y0) / Math.max(1e-12, y1 - y0);
      if (xn - yn > best) {
        best = xn - yn;
        knee = p.rps();
      }
    }
    return knee;
  }
}
