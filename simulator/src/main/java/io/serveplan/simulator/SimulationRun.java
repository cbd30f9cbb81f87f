package io.serveplan.simulator;

import io.serveplan.scheduler.PreemptionMode;
import io.serveplan.scheduler.QueueOrder;
import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.ScheduledRequest;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.SchedulerConfig;
import io.serveplan.scheduler.SchedulingPolicy;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import io.serveplan.simulator.cluster.Router;
import io.serveplan.simulator.event.EventQueue;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.result.EngineMetrics;
import io.serveplan.simulator.result.ResultMetrics;
import io.serveplan.simulator.spec.EngineSpec;
import io.serveplan.simulator.spec.SpecException;
import io.serveplan.simulator.spec.WhatIfSpec;
import io.serveplan.simulator.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * One simulation: the event loop over all replicas on one clock.
 *
 * <p>Events at equal times run in this order: step ends (0), arrivals (1), scheduling (2) — so a
 * request arriving exactly when a step ends joins the next step, as in an engine whose scheduler
 * runs between steps. After each step, if the scheduler reports a run of steady decode steps
 * ({@code steadyDecodeSteps}), the run is timed in a tight loop and applied at once
 * ({@code advanceDecodeSteps}); it stops at the first step that ends at or after the next
 * arrival (with closed-loop clients and several replicas, at or after the next event anywhere, since
 * any finish may send a request), so nothing the run skips could have changed it. The result is
 * the same as stepping one step at a time (a test checks it).
 */
final class SimulationRun {

  static final int STEP_END = 0;
  static final int ARRIVAL = 1;
  static final int SCHEDULE = 2;

  private static final int MAX_FAST_STEPS = 1 << 20;

  /** Host-device copy rate for swapped K/V blocks (PCIe 4.0/5.0 x16 pinned copies, effective). */
  static final double SWAP_BYTES_PER_S = 25e9;

  private final Simulation.Setup s;
  private final SimulationOptions options;
  private final WhatIfSpec spec;
  private final Workload workload;
  private final Replica[] replicas;
  private final int[] outstanding;
  private final Router router;
  private final EventQueue events = new EventQueue();
  private final MetricsCollector metrics;
  private final Request[] inFlight;
  private final int[] replicaOf;
  private final int[] cachedTokens;
  private final int[] preemptionsOf;
  private final long maxSimNs;
  private final long maxRequestTokens;
  private final TimeSeriesSampler sampler;

  private int nextArrival; // next open-loop request index to push
  private int nextClosed; // next closed-loop request index
  private long nextArrivalNs = Long.MAX_VALUE;
  private int rejected;
  private long outputTokens;

  SimulationRun(Simulation.Setup setup, SimulationOptions options) {
    this.s = setup;
    this.options = options;
    this.spec = setup.spec();
    this.workload = setup.workload();
    EngineSpec e = spec.engine();
    int n = spec.replicas();
    replicas = new Replica[n];
    outstanding = new int[n];
    long cpuBlocks = "swap".equals(e.preemption())
        ? (long) (4 * (1L << 30) / (double) setup.memory().kvBytesPerBlock()) : 0;
    for (int r = 0; r < n; r++) {
      SchedulerConfig cfg = new SchedulerConfig(policy(e.scheduler()), e.maxNumSeqs(),
          e.maxNumBatchedTokens(), 0, e.blockSize(), setup.memory().numGpuBlocks(),
          (int) Math.min(Integer.MAX_VALUE, cpuBlocks), e.prefixCaching(), spec.seed(),
          "swap".equals(e.preemption()) ? PreemptionMode.SWAP : PreemptionMode.RECOMPUTE,
          QueueOrder.FCFS, 0L).withKvCacheGroups(setup.memory().kvCacheGroups());
      replicas[r] = new Replica(r, new Scheduler(cfg), setup.newTimeModel());
    }
    router = Router.of(spec.router());
    int size = workload.size();
    metrics = new MetricsCollector(size, options.keepRequests() && options.keepItl());
    inFlight = new Request[size];
    replicaOf = new int[size];
    cachedTokens = new int[size];
    preemptionsOf = new int[size];
    maxSimNs = options.maxSimulatedSeconds() * 1_000_000_000L;
    maxRequestTokens = Math.min(setup.memory().kvCapacityTokens(),
        (long) setup.model().maxPositionEmbeddings());
    sampler = new TimeSeriesSampler(250_000_000L);
  }

  static SchedulingPolicy policy(String id) {
    return switch (id) {
      case "static" -> SchedulingPolicy.STATIC;
      case "continuous" -> SchedulingPolicy.CONTINUOUS;
      default -> SchedulingPolicy.CHUNKED_PREFILL;
    };
  }

  SimulationResult run() {
    if (workload.concurrency() > 0) {
      int c = Math.min(workload.concurrency(), workload.size());
      for (int i = 0; i < c; i++) {
        events.push(0, ARRIVAL, ARRIVAL, i);
      }
      nextClosed = c;
    } else {
      pushNextArrival();
    }
    long eventsHandled = 0;
    while (!events.isEmpty()) {
      events.pop();
      long now = events.nowNs();
      if (now > maxSimNs) {
        throw new SpecException("workload", String.format(java.util.Locale.ROOT,
            "the run passed its limit of %d s of simulated time with %d of %d requests finished "
                + "(the configuration does not keep up with the load; lower the rate or raise the "
                + "limit, e.g. simulate --max-simulated-seconds)",
            options.maxSimulatedSeconds(), metrics.completed(), workload.size()));
      }
      sampler.advance(now);
      switch (events.type()) {
        case STEP_END -> endStep(replicas[events.payload()], now);
        case ARRIVAL -> arrive(events.payload(), now);
        case SCHEDULE -> startStep(replicas[events.payload()], now);
        default -> throw new IllegalStateException("event type " + events.type());
      }
      if ((++eventsHandled & 0x3FFF) == 0) {
        if (options.cancelled().getAsBoolean()) {
          throw new CancellationException("simulation cancelled at " + now / 1e9 + " s");
        }
        options.progress().progress(now / 1e9, metrics.completed(), workload.size());
      }
    }
    return result();
  }

  // ---- events

  private void pushNextArrival() {
    if (nextArrival < workload.size()) {
      nextArrivalNs = workload.arrivalNs(nextArrival);
      events.push(nextArrivalNs, ARRIVAL, ARRIVAL, nextArrival++);
    } else {
      nextArrivalNs = Long.MAX_VALUE;
    }
  }

  private void arrive(int i, long now) {
    if (workload.concurrency() == 0) {
      pushNextArrival();
    }
    int promptLen = workload.promptLen(i);
    int outputLen = workload.outputLen(i);
    metrics.arrival(i, now, promptLen);
    if (promptLen + (long) outputLen > maxRequestTokens || replicas[0].scheduler
        .maxBlocksNeeded(promptLen, outputLen) > s.memory().numGpuBlocks()) {
      // NOTE: like an engine refusing a request longer than its KV cache / max_model_len.
      rejected++;
      clientDone(now);
      return;
    }
    int r = router.route(outstanding, workload.group(i));
    outstanding[r]++;
    replicaOf[i] = r;
    Request req = new Request(i, workload.promptTokens(i), outputLen, now, 0, 0);
    inFlight[i] = req;
    Replica rep = replicas[r];
    rep.scheduler.addRequest(req);
    wake(rep, now);
  }

  private void wake(Replica rep, long now) {
    if (!rep.busy && !rep.schedulePending) {
      rep.schedulePending = true;
      events.push(now, SCHEDULE, SCHEDULE, rep.index);
    }
  }

  private void startStep(Replica rep, long now) {
    rep.schedulePending = false;
    if (rep.busy) {
      return;
    }
    StepPlan plan = rep.scheduler.schedule(now);
    rep.kvUsage(now, rep.scheduler.kvCacheUsage());
    if (plan.totalNumScheduledTokens() == 0) {
      // idle until an arrival wakes it, or until the static policy's batch timeout
      long next = rep.scheduler.nextScheduleTimeNs();
      if (next != Long.MAX_VALUE && next > now) {
        events.push(next, SCHEDULE, SCHEDULE, rep.index); // an arrival may still wake it sooner
      }
      return;
    }
    StepCompositionBuilder.fill(rep.composition, plan, workload, metrics);
    long dt = rep.timeModel.stepTimeNs(rep.composition);
    int swapped = plan.numSwapInBlocks() + plan.numSwapOutBlocks();
    if (swapped > 0) {
      // NOTE: swap copies K/V blocks over PCIe before the step can run; not overlapped.
      dt = EventQueue.later(dt, (long) (swapped * (double) s.memory().kvBytesPerBlock() / SWAP_BYTES_PER_S * 1e9));
    }
    rep.busyNs += dt;
    rep.computeBoundNs += rep.composition.computeBoundNs();
    rep.steps++;
    rep.scheduledSequences += rep.composition.numSequences();
    rep.preemptions += plan.preemptedRequestIds().size();
    for (long id : plan.preemptedRequestIds()) {
      preemptionsOf[(int) id]++;
    }
    rep.plan = plan;
    rep.busy = true;
    events.push(EventQueue.later(now, dt), STEP_END, STEP_END, rep.index);
  }

  private void endStep(Replica rep, long now) {
    rep.busy = false;
    StepPlan plan = rep.plan;
    if (plan == null) {
      // the end of a fast decode run: its tokens were applied when it started
      outputTokens += rep.pendingRunTokens;
      rep.pendingRunTokens = 0;
      wake(rep, now);
      return;
    }
    rep.plan = null;
    rep.numLastProducers = 0;
    int producers = collect(plan.newRequests(), now, rep)
        + collect(plan.continuingRequests(), now, rep)
        + collect(plan.resumedRequests(), now, rep);
    outputTokens += producers;
    List<Request> finished = rep.scheduler.update(plan, StepResult.zeros());
    for (Request req : finished) {
      finish(rep, (int) req.requestId(), req, now);
    }
    if (!finished.isEmpty()) {
      rep.numLastProducers = 0; // the running set changed
    }
    if (options.fastDecode() && !(options.keepRequests() && options.keepItl()) && finished.isEmpty()) {
      fastDecodeRun(rep, now);
      if (rep.busy) {
        return;
      }
    }
    wake(rep, now);
  }

  /**
   * Records the tokens one list of scheduled requests produced (those whose computed tokens reach
   * their known tokens); the scheduler samples token 0 for them ({@link StepResult#zeros()}).
   */
  private int collect(List<ScheduledRequest> list, long now, Replica rep) {
    int k = 0;
    for (int j = 0, n = list.size(); j < n; j++) {
      ScheduledRequest sr = list.get(j);
      int i = (int) sr.requestId();
      if (sr.contextLengthAfter() >= sr.request().numTokens()) {
        if (metrics.produced(i) == 0) {
          cachedTokens[i] = inFlight[i].numCachedPromptTokens();
        }
        metrics.token(i, now);
        rep.addProducer(i);
        k++;
      }
    }
    return k;
  }

  private void finish(Replica rep, int i, Request req, long now) {
    metrics.finish(i, now);
    preemptionsOf[i] = Math.max(preemptionsOf[i], req.numPreemptions());
    inFlight[i] = null;
    outstanding[rep.index]--;
    clientDone(now);
  }

  /** A closed-loop client whose request ended sends its next one now. */
  private void clientDone(long now) {
    if (workload.concurrency() > 0 && nextClosed < workload.size()) {
      events.push(now, ARRIVAL, ARRIVAL, nextClosed++);
    }
  }

  /**
   * Advances a run of steady decode steps at once: times each in a tight loop (contexts grow by
   * one token per step), records one weighted ITL per step, then applies them to the scheduler.
   */
  private void fastDecodeRun(Replica rep, long now) {
    int b = rep.numLastProducers;
    if (b == 0 || rep.scheduler.numRunning() != b) {
      return;
    }
    int k = rep.scheduler.steadyDecodeSteps(MAX_FAST_STEPS);
    if (k <= 0) {
      return;
    }
    long sumContext = 0;
    for (int j = 0; j < b; j++) {
      sumContext += inFlight[rep.lastProducers[j]].numComputedTokens();
    }
    long stopAt = Math.min(nextArrivalNs, maxSimNs);
    if (workload.concurrency() > 0 && replicas.length > 1) {
      // a closed-loop client may send a request here whenever another replica's step ends
      stopAt = Math.min(stopAt, events.peekTimeNs());
    }
    if (now >= stopAt) {
      return; // an arrival at this very instant joins the next step: take the ordinary path
    }
    long t = now;
    long firstDt = 0;
    int steps = 0;
    while (steps < k && t < stopAt) {
      rep.composition.clear();
      if (rep.timeModel.needsEachDecodeContext()) {
        for (int j = 0; j < b; j++) {
          rep.composition.addDecode(inFlight[rep.lastProducers[j]].numComputedTokens() + steps);
        }
      } else {
        rep.composition.addDecodes(b, sumContext + (long) steps * b);
      }
      long dt = rep.timeModel.stepTimeNs(rep.composition);
      t = EventQueue.later(t, dt);
      rep.busyNs += dt;
      rep.computeBoundNs += rep.composition.computeBoundNs();
      if (steps == 0) {
        firstDt = dt;
      } else {
        metrics.itlBulk(dt, b);
      }
      steps++;
    }
    // the first step's gap depends on each request's last token
    long firstEnd = EventQueue.later(now, firstDt);
    for (int j = 0; j < b; j++) {
      int i = rep.lastProducers[j];
      metrics.token(i, firstEnd);
      if (steps > 1) {
        metrics.tokensBulk(i, steps - 1, t);
      }
    }
    rep.scheduler.advanceDecodeSteps(steps);
    rep.steps += steps;
    rep.scheduledSequences += (long) steps * b;
    rep.pendingRunTokens = (long) steps * b;
    rep.busy = true;
    events.push(t, STEP_END, STEP_END, rep.index);
  }

  // ---- result

  private SimulationResult result() {
    long end = metrics.lastFinishNs();
    double endS = end / 1e9;
    long steps = 0;
    long seqs = 0;
    long busy = 0;
    long computeBound = 0;
    long preemptions = 0;
    double usageMean = 0;
    double usageMax = 0;
    long queries = 0;
    long hits = 0;
    for (Replica r : replicas) {
      r.kvUsage(Math.max(end, r.kvUsageSinceNs), r.kvUsage);
      steps += r.steps;
      seqs += r.scheduledSequences;
      busy += r.busyNs;
      computeBound += r.computeBoundNs;
      preemptions += r.preemptions;
      usageMean += end > 0 ? r.kvUsageIntegral / end : 0;
      usageMax = Math.max(usageMax, r.kvUsageMax);
      queries += r.scheduler.kvCacheStats().prefixQueryTokens();
      hits += r.scheduler.kvCacheStats().prefixHitTokens();
    }
    EngineMetrics engine = new EngineMetrics(s.memory().numGpuBlocks(), s.memory().maxConcurrency(),
        usageMean / replicas.length, usageMax, preemptions, queries > 0 ? (double) hits / queries : 0.0,
        steps > 0 ? (double) seqs / steps : 0.0,
        end > 0 ? (double) busy / ((double) end * replicas.length) : 0.0,
        busy > 0 ? (double) computeBound / busy : 0.0, workload.size(), rejected, steps,
        steps > 0 ? busy / 1e6 / steps : 0.0, spec.replicas(), spec.replicas() * spec.tensorParallel(), endS);
    List<RequestRecord> records = options.keepRequests() ? records() : List.of();
    return new SimulationResult(new ResultMetrics(metrics.benchMetrics(end, spec.slo()), engine), s.memory(), spec,
        sampler.build(), records);
  }

  private List<RequestRecord> records() {
    List<RequestRecord> out = new ArrayList<>();
    for (int i = 0; i < workload.size(); i++) {
      if (!metrics.isFinished(i)) {
        continue;
      }
      out.add(new RequestRecord(i, metrics.arrivalS(i), metrics.promptTokens(i),
          metrics.produced(i), cachedTokens[i], preemptionsOf[i], replicaOf[i], metrics.ttftMs(i),
          metrics.tpotMs(i), metrics.e2elMs(i), metrics.isGood(i, spec.slo()), metrics.itlMs(i)));
    }
    return out;
  }

  /** Samples the cluster's state on a fixed grid of simulated time. */
  private final class TimeSeriesSampler {
    private final long intervalNs;
    private long nextNs;
    private long lastTokens;
    private double[] t = new double[256];
    private double[] kv = new double[256];
    private double[] queue = new double[256];
    private double[] running = new double[256];
    private double[] tps = new double[256];
    private int n;

    TimeSeriesSampler(long intervalNs) {
      this.intervalNs = intervalNs;
      this.nextNs = intervalNs;
    }

    void advance(long now) {
      while (now >= nextNs) {
        if (n == t.length) {
          t = java.util.Arrays.copyOf(t, n * 2);
          kv = java.util.Arrays.copyOf(kv, n * 2);
          queue = java.util.Arrays.copyOf(queue, n * 2);
          running = java.util.Arrays.copyOf(running, n * 2);
          tps = java.util.Arrays.copyOf(tps, n * 2);
        }
        double u = 0;
        int w = 0;
        int run = 0;
        for (Replica r : replicas) {
          u += r.kvUsage;
          w += r.scheduler.numWaiting();
          run += r.scheduler.numRunning();
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

    io.serveplan.simulator.metrics.TimeSeries build() {
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
      return new io.serveplan.simulator.metrics.TimeSeries(intervalNs * stride / 1e9, cols[0],
          cols[1], cols[2], cols[3], cols[4]);
    }
  }
}
