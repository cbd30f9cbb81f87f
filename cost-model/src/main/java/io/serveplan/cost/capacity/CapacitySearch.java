package io.serveplan.cost.capacity;

import io.serveplan.simulator.SimulationResult;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.result.BenchServeMetrics;
import io.serveplan.simulator.result.ResultMetrics;
import io.serveplan.simulator.plan.RunPlan;
import io.serveplan.simulator.plan.Timing;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.spec.WorkloadSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the highest Poisson arrival rate one replica of a configuration holds within its SLO in
 * steady state, by bracketing and bisection over steady-state probes.
 *
 * <pre>
 *   lone        a lone request (no overlap) misses the SLO → capacity 0
 *   service     a saturated closed loop (max_num_seqs clients, no think time) → completions/s μ
 *   probe(r)    r ≥ μ: fails at once (the queue cannot be stable; its backlog is not simulated)
 *               r ≤ μ: simulate N Poisson arrivals (fixed seed), read the window past the warm-up
 *               by batch means ({@link SteadyState}); unsettled (interval straddles the target,
 *               queue trend, backlog) → 2N, up to maxRequestsPerProbe; still unsettled → fails
 *   bracket     first probe at 0.9 μ; passing: hi = μ (failed at once), else halve down to a pass;
 *               lo passes with the confidence, hi does not; bisect while (hi − lo) / lo &gt; tol
 * </pre>
 *
 * Results are cached by configuration (the spec without its rate and request count) and options,
 * so repeated searches are free. Thread-safe: searches may run in parallel.
 */
public final class CapacitySearch {

  private static final double LONE_REQUEST_RPS = 1e-3;
  private static final double MIN_RPS = 0.01;
  /** A probe spans at least this much simulated time, so that fast rates still see a queue form. */
  private static final double MIN_SPAN_S = 60;
  /** The first probe's share of the service rate. */
  private static final double FIRST_SHARE = 0.9;

  private final ProbeSimulator simulator;
  private final Map<Key, Capacity> cache = new ConcurrentHashMap<>();

  private record Key(WhatIfSpec spec, Timing timing, CapacityOptions options) {}

  /** A probe's outcome and the simulator's metrics (null when failed without simulation). */
  record Probe(CapacityPoint point, ResultMetrics metrics) {
    boolean passes() {
      return point.pass();
    }
  }

  /** Searches with the simulator ({@code Simulation.run} of each probe's plan). */
  public CapacitySearch() {
    this(SimulatorRuns.simulator());
  }

  /** Searches with any one-replica simulator; tests pass a queue model. */
  public CapacitySearch(ProbeSimulator simulator) {
    this.simulator = simulator;
  }

  /** The number of configurations searched so far (cache entries). */
  public int cachedSearches() {
    return cache.size();
  }

  /** The capacity of one replica of {@code base} (its workload's shape; its rate and count are the search's). */
  public Capacity search(RunPlan base, CapacityOptions o) {
    RunPlan config = normalized(base);
    // the first guess only changes the path to the answer, not the question
    Key key = new Key(config.spec(), config.timing(), o.withInitialRps(0));
    Capacity c = cache.get(key);
    if (c == null) {
      c = doSearch(config, o);
      cache.putIfAbsent(key, c);
    }
    return c;
  }

  private Capacity doSearch(RunPlan config, CapacityOptions o) {
    List<Probe> probes = new ArrayList<>();
    Probe lone = lone(config, o);
    if (!lone.passes()) {
      return Capacity.none(lone.point().attainment(), 0, List.of(lone.point()));
    }
    double service = serviceRate(config, o);
    double top = Math.min(o.maxRps(), service);
    // the service rate bounds the answer: start just below it, where most configurations' capacity lies
    double r = o.initialRps() > 0 ? Math.min(o.initialRps(), FIRST_SHARE * top) : FIRST_SHARE * top;
    Probe lo = null;
    Probe hi = null;
    Probe first = run(config, r, service, o, probes);
    if (first.passes()) {
      lo = first;
      // at the service rate (or the search's ceiling) the probe fails without simulating
      hi = top < o.maxRps() ? run(config, service, service, o, probes) : null;
      if (hi == null) {
        Probe ceiling = run(config, o.maxRps(), service, o, probes);
        if (ceiling.passes()) {
          return result(ceiling, ceiling.point().rps(), service, probes);
        }
        hi = ceiling;
      }
    } else {
      hi = first;
      while (lo == null) {
        double next = hi.point().rps() / 2;
        if (next < MIN_RPS) {
          return Capacity.none(hi.point().attainment(), service, sorted(probes));
        }
        Probe p = run(config, next, service, o, probes);
        if (p.passes()) {
          lo = p;
        } else {
          hi = p;
        }
      }
    }
    while ((hi.point().rps() - lo.point().rps()) / lo.point().rps() > o.relativeTolerance()) {
      Probe p = run(config, (lo.point().rps() + hi.point().rps()) / 2, service, o, probes);
      if (p.passes()) {
        lo = p;
      } else {
        hi = p;
      }
    }
    return result(lo, hi.point().rps(), service, probes);
  }

  private static Capacity result(Probe lo, double high, double service, List<Probe> probes) {
    BenchServeMetrics m = lo.metrics().bench();
    double completed = m.completed();
    double tokens = m.totalInputTokens() + m.totalOutputTokens();
    double tokensPerRequest = completed > 0 ? tokens / completed : 0;
    double rps = lo.point().rps();
    return new Capacity(rps, rps * tokensPerRequest, lo.point().attainment(), rps, high, service, sorted(probes),
        lo.metrics());
  }

  private static List<CapacityPoint> sorted(List<Probe> probes) {
    return probes.stream().map(Probe::point).sorted(Comparator.comparingDouble(CapacityPoint::rps)).toList();
  }

  private Probe run(RunPlan config, double rps, double service, CapacityOptions o, List<Probe> probes) {
    Probe p = probe(config, rps, service, o);
    probes.add(p);
    return p;
  }

  /**
   * One steady-state probe at {@code rps}: failed at once above the service rate, else simulated
   * with more requests until its statistics settle (or the request budget is spent).
   */
  Probe probe(RunPlan config, double rps, double service, CapacityOptions o) {
    if (rps >= service) {
      String why = String.format(Locale.ROOT, "unstable: offered %.3g req/s is not below the service rate %.3g req/s",
          rps, service);
      return new Probe(new CapacityPoint(rps, null, null, 0, 0, 0, null, null, service, 0, false, why), null);
    }
    int n = (int) Math.min(o.maxRequestsPerProbe(), Math.max(o.requestsPerProbe(), Math.ceil(rps * MIN_SPAN_S)));
    while (true) {
      SimulationResult res = simulator.run(open(config, rps, n, o.seed()));
      SteadyState s = SteadyState.of(res.requests(), res.timeSeries(), o.attainment(), o.confidence());
      if (s.verdict() == SteadyState.Verdict.UNSETTLED && n < o.maxRequestsPerProbe()) {
        n = Math.min(o.maxRequestsPerProbe(), n * 2);
        continue;
      }
      boolean pass = s.verdict() == SteadyState.Verdict.PASS;
      String why = s.verdict() == SteadyState.Verdict.UNSETTLED
          ? "not shown to hold after " + n + " requests: " + s.why() : s.why();
      return new Probe(new CapacityPoint(rps, s.p95TtftMs(), s.p95TpotMs(), s.attainment(), s.attainmentLow(),
          s.attainmentHigh(), s.p95TtftMsLow(), s.p95TtftMsHigh(), s.achievedRps(), n, pass, why, s.p50TtftMs(),
          s.p50TpotMs(), s.goodputRps()), res.metrics());
    }
  }

  private Probe lone(RunPlan config, CapacityOptions o) {
    SimulationResult res = simulator.run(open(config, LONE_REQUEST_RPS, 20, o.seed()));
    List<RequestRecord> rs = res.requests();
    double attainment = rs.isEmpty() ? 0 : rs.stream().filter(RequestRecord::good).count() / (double) rs.size();
    double ttft = SteadyState.p95(rs.stream().mapToDouble(RequestRecord::ttftMs).toArray());
    double tpot = SteadyState.p95(rs.stream().mapToDouble(RequestRecord::tpotMs).toArray());
    boolean pass = attainment >= o.attainment();
    return new Probe(CapacityPoint.exact(LONE_REQUEST_RPS, ttft, tpot, attainment, pass,
        pass ? "a lone request meets the SLO" : "a lone request misses the SLO"), res.metrics());
  }

  /**
   * The completions per second of a saturated replica: {@code max_num_seqs} closed-loop clients
   * without think time, over the middle 80 % of completions.
   */
  double serviceRate(RunPlan config, CapacityOptions o) {
    Integer seqs = config.spec().engine().maxNumSeqs();
    int clients = seqs == null ? 256 : seqs;
    int n = Math.max(800, Math.min(4000, 4 * clients));
    WorkloadSpec w = config.spec().workload();
    WorkloadSpec closed = new WorkloadSpec("concurrency", 0, 1.0, clients, n, w.inputTokens(), w.outputTokens(),
        w.sharedPrefix(), w.trace(), 1.0);
    SimulationResult res = simulator.run(withWorkload(config, closed, o.seed()));
    double[] ends = res.requests().stream().mapToDouble(r -> r.arrivalS() + r.e2elMs() / 1e3).sorted().toArray();
    if (ends.length < 10) {
      return res.metrics().bench().requestThroughput();
    }
    int a = ends.length / 10;
    int b = ends.length - 1 - ends.length / 10;
    return (b - a) / Math.max(1e-9, ends[b] - ends[a]);
  }

  private static RunPlan open(RunPlan config, double rps, int n, long seed) {
    WorkloadSpec w = config.spec().workload();
    return withWorkload(config, new WorkloadSpec("poisson", rps, 1.0, null, n, w.inputTokens(), w.outputTokens(),
        w.sharedPrefix(), w.trace(), 1.0), seed);
  }

  private static RunPlan withWorkload(RunPlan c, WorkloadSpec w, long seed) {
    return c.withWorkload(w, seed);
  }

  /** The plan with everything that a search varies (rate, count, seed, replicas) fixed. */
  private static RunPlan normalized(RunPlan s) {
    WorkloadSpec w = s.spec().workload();
    WorkloadSpec shape =
        new WorkloadSpec("poisson", 0, 1.0, null, 0, w.inputTokens(), w.outputTokens(), w.sharedPrefix(), w.trace(), 1.0);
    return withWorkload(s, shape, 0);
  }
}
