package io.serveplan.cost.capacity;

import io.serveplan.hardware.Catalog;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Finds the highest Poisson arrival rate one replica of a configuration holds within its SLO, by
 * bracketing (doubling or halving from a first guess) and bisection over simulator runs.
 *
 * <pre>
 *   probe(r)    = simulate requestsPerProbe Poisson arrivals at r req/s, fixed seed, 1 replica
 *   attainment  = request_goodput / request_throughput    (share of requests meeting TTFT and TPOT)
 *   bracket     lo passes (attainment ≥ target), hi fails; bisect while (hi − lo) / lo > tol
 * </pre>
 *
 * A lone request is probed first (a rate low enough that requests never overlap): if it misses the
 * SLO, no rate can meet it and the capacity is 0. NOTE: with a finite number of requests, a rate a
 * little above the steady-state limit still serves the early requests well, so capacity reads
 * slightly optimistic; the fleet's target utilization is the headroom for that.
 *
 * Results are cached by configuration (the spec without its rate and request count) and options,
 * so repeated searches are free. Thread-safe: searches may run in parallel.
 */
public final class CapacitySearch {

  private static final double LONE_REQUEST_RPS = 1e-3;
  private static final double MIN_RPS = 0.01;

  private final Function<WhatIfSpec, Map<String, Object>> simulator;
  private final Map<Key, Capacity> cache = new ConcurrentHashMap<>();

  private record Key(WhatIfSpec spec, CapacityOptions options) {}

  /** A probe's outcome and the simulator's metrics. */
  record Probe(CapacityPoint point, Map<String, Object> metrics) {}

  /** Searches with the simulator ({@code Simulation.run}) over this catalog. */
  public CapacitySearch(Catalog catalog) {
    this(SimulatorRuns.over(catalog));
  }

  /**
   * Searches with any function from a one-replica what-if spec to its result keys (DESIGN.md:
   * {@code request_goodput}, {@code request_throughput}, {@code p95_ttft_ms}, ...); tests pass a model.
   */
  public CapacitySearch(Function<WhatIfSpec, Map<String, Object>> simulator) {
    this.simulator = simulator;
  }

  /** The number of configurations searched so far (cache entries). */
  public int cachedSearches() {
    return cache.size();
  }

  public Capacity search(WhatIfSpec base, CapacityOptions o) {
    WhatIfSpec config = normalized(base);
    // the first guess only changes the path to the answer, not the question
    Key key = new Key(config, o.withInitialRps(0));
    Capacity c = cache.get(key);
    if (c == null) {
      c = doSearch(config, o);
      cache.putIfAbsent(key, c);
    }
    return c;
  }

  private Capacity doSearch(WhatIfSpec config, CapacityOptions o) {
    List<Probe> probes = new ArrayList<>();
    Probe lone = probe(config, LONE_REQUEST_RPS, Math.min(o.requestsPerProbe(), 20), o);
    if (!passes(lone, o)) {
      return new Capacity(0, 0, lone.point().attainment(), List.of(lone.point()), null);
    }
    double r = o.initialRps() > 0 ? Math.min(o.initialRps(), o.maxRps()) : Math.min(1.0, o.maxRps());
    Probe lo = null;
    Probe hi = null;
    Probe first = run(config, r, o, probes);
    if (passes(first, o)) {
      lo = first;
      while (hi == null && lo.point().rps() < o.maxRps()) {
        Probe p = run(config, Math.min(lo.point().rps() * 2, o.maxRps()), o, probes);
        if (passes(p, o)) {
          lo = p;
        } else {
          hi = p;
        }
      }
      if (hi == null) {
        return result(lo, probes);
      }
    } else {
      hi = first;
      while (lo == null) {
        double next = hi.point().rps() / 2;
        if (next < MIN_RPS) {
          // Below this the queue never builds: the lone request passed, so take it as the floor.
          return new Capacity(0, 0, hi.point().attainment(), sorted(probes), null);
        }
        Probe p = run(config, next, o, probes);
        if (passes(p, o)) {
          lo = p;
        } else {
          hi = p;
        }
      }
    }
    while ((hi.point().rps() - lo.point().rps()) / lo.point().rps() > o.relativeTolerance()) {
      Probe p = run(config, (lo.point().rps() + hi.point().rps()) / 2, o, probes);
      if (passes(p, o)) {
        lo = p;
      } else {
        hi = p;
      }
    }
    return result(lo, probes);
  }

  private Capacity result(Probe lo, List<Probe> probes) {
    double completed = number(lo.metrics(), "completed");
    double tokens = number(lo.metrics(), "total_input_tokens") + number(lo.metrics(), "total_output_tokens");
    double tokensPerRequest = completed > 0 ? tokens / completed : 0;
    return new Capacity(
        lo.point().rps(), lo.point().rps() * tokensPerRequest, lo.point().attainment(), sorted(probes), lo.metrics());
  }

  private static List<CapacityPoint> sorted(List<Probe> probes) {
    return probes.stream().map(Probe::point).sorted(Comparator.comparingDouble(CapacityPoint::rps)).toList();
  }

  private static boolean passes(Probe p, CapacityOptions o) {
    return p.point().attainment() >= o.attainment();
  }

  private Probe run(WhatIfSpec config, double rps, CapacityOptions o, List<Probe> probes) {
    Probe p = probe(config, rps, o.requestsPerProbe(), o);
    probes.add(p);
    return p;
  }

  /** One simulation of {@code n} Poisson arrivals at {@code rps} on one replica. */
  Probe probe(WhatIfSpec config, double rps, int n, CapacityOptions o) {
    WorkloadSpec w = config.workload();
    WorkloadSpec probeLoad =
        new WorkloadSpec("poisson", rps, 1.0, null, n, w.inputTokens(), w.outputTokens(), w.sharedPrefix(),
            w.trace(), 1.0);
    WhatIfSpec spec =
        new WhatIfSpec(config.model(), config.hardware(), config.tensorParallel(), 1, config.weightsDtype(),
            config.kvCacheDtype(), config.engine(), config.router(), probeLoad, config.slo(), o.seed(),
            config.calibration());
    Map<String, Object> m = simulator.apply(spec);
    double throughput = number(m, "request_throughput");
    double attainment = throughput > 0 ? Math.min(1.0, number(m, "request_goodput") / throughput) : 0;
    return new Probe(new CapacityPoint(rps, number(m, "p95_ttft_ms"), number(m, "p95_tpot_ms"), attainment), m);
  }

  /** The spec with everything that a search varies (rate, count, seed, replicas) fixed. */
  private static WhatIfSpec normalized(WhatIfSpec s) {
    WorkloadSpec w = s.workload();
    WorkloadSpec shape =
        new WorkloadSpec("poisson", 0, 1.0, null, 0, w.inputTokens(), w.outputTokens(), w.sharedPrefix(), w.trace(), 1.0);
    return new WhatIfSpec(s.model(), s.hardware(), s.tensorParallel(), 1, s.weightsDtype(), s.kvCacheDtype(),
        s.engine(), s.router(), shape, s.slo(), 0, s.calibration());
  }

  static double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof Number n ? n.doubleValue() : 0;
  }
}
