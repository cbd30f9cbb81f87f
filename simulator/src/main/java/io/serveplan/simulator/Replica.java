package io.serveplan.simulator;

import io.serveplan.scheduler.Request;
import io.serveplan.scheduler.ScheduledRequest;
import io.serveplan.scheduler.Scheduler;
import io.serveplan.scheduler.StepPlan;
import io.serveplan.scheduler.StepResult;
import io.serveplan.simulator.event.Event;
import io.serveplan.simulator.event.EventQueue;
import io.serveplan.simulator.metrics.MetricsCollector;
import io.serveplan.simulator.timing.PlanTranslation;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.timing.StepTimeModel;
import java.util.List;

/**
 * One engine instance (a tensor-parallel group of GPUs) that steps itself on the cluster's clock:
 * its scheduler plans a step, its execution-time model times it, the tokens it produced go to the
 * metrics when it ends, and a run of steady decode steps is timed and applied at once (the fast
 * decode path, see {@link #fastDecodeRun}). Keeps its KV usage and running totals. Owned by one
 * {@link Cluster}; not thread-safe.
 */
final class Replica {

  /** What a replica needs from the cluster around it. */
  interface Host {
    /** Request {@code request} finished on {@code replica} at {@code nowNs}. */
    void finished(Replica replica, int request, long nowNs);

    /** The first time at which something outside this replica may change its running set. */
    long fastRunStopNs();
  }

  private static final int MAX_FAST_STEPS = 1 << 20;

  /** Host-device copy rate for swapped K/V blocks (PCIe 4.0/5.0 x16 pinned copies, effective). */
  static final double SWAP_BYTES_PER_S = 25e9;

  final int index;
  final Scheduler scheduler;
  private final StepTimeModel timeModel;
  private final StepComposition composition = new StepComposition();
  private final EventQueue events;
  private final MetricsCollector metrics;
  private final RequestLedger ledger;
  private final long kvBytesPerBlock;
  private final boolean fastDecode;
  private final Host host;

  /** The plan of the step in flight, or null for a fast decode run / idle. */
  private StepPlan plan;
  private boolean busy;
  private boolean schedulePending;
  /** Requests that produced a token in the last executed step (the running decode set). */
  private int[] lastProducers = new int[64];
  private int numLastProducers;
  /** Output tokens of a fast run in flight, counted when it ends. */
  private long pendingRunTokens;

  // totals
  long outputTokens;
  long busyNs;
  long computeBoundNs;
  long steps;
  long scheduledSequences;
  long preemptions;
  double kvUsage;
  double kvUsageIntegral;
  double kvUsageMax;
  long kvUsageSinceNs;

  /**
   * @param fastDecode whether steady decode runs are applied at once (off when every ITL is kept)
   */
  Replica(int index, Scheduler scheduler, StepTimeModel timeModel, EventQueue events,
      MetricsCollector metrics, RequestLedger ledger, long kvBytesPerBlock, boolean fastDecode,
      Host host) {
    this.index = index;
    this.scheduler = scheduler;
    this.timeModel = timeModel;
    this.events = events;
    this.metrics = metrics;
    this.ledger = ledger;
    this.kvBytesPerBlock = kvBytesPerBlock;
    this.fastDecode = fastDecode;
    this.host = host;
  }

  /** Queues a routed request and wakes the replica if it is idle. */
  void admit(Request req, long now) {
    scheduler.addRequest(req);
    wake(now);
  }

  private void wake(long now) {
    if (!busy && !schedulePending) {
      schedulePending = true;
      events.push(now, Event.SCHEDULE, index);
    }
  }

  /** Plans and times the next step (on {@link Event#SCHEDULE} or {@link Event#BATCH_TIMEOUT}). */
  void startStep(long now) {
    schedulePending = false;
    if (busy) {
      return;
    }
    StepPlan p = scheduler.schedule(now);
    kvUsage(now, scheduler.kvCacheUsage());
    if (p.totalNumScheduledTokens() == 0) {
      // idle until an arrival wakes it, or until the static policy's batch timeout
      long next = scheduler.nextScheduleTimeNs();
      if (next != Long.MAX_VALUE && next > now) {
        events.push(next, Event.BATCH_TIMEOUT, index); // an arrival may still wake it sooner
      }
      return;
    }
    PlanTranslation.fill(composition, p);
    long dt = timeModel.stepTimeNs(composition);
    int swapped = p.numSwapInBlocks() + p.numSwapOutBlocks();
    if (swapped > 0) {
      // NOTE: swap copies K/V blocks over PCIe before the step can run; not overlapped.
      dt = EventQueue.later(dt, (long) (swapped * (double) kvBytesPerBlock / SWAP_BYTES_PER_S * 1e9));
    }
    busyNs += dt;
    computeBoundNs += composition.computeBoundNs();
    steps++;
    scheduledSequences += composition.numSequences();
    preemptions += p.preemptedRequestIds().size();
    for (long id : p.preemptedRequestIds()) {
      ledger.preempted((int) id);
    }
    plan = p;
    busy = true;
    events.push(EventQueue.later(now, dt), Event.STEP_DONE, index);
  }

  /** The step (or fast run) in flight ended at {@code now} ({@link Event#STEP_DONE}). */
  void endStep(long now) {
    busy = false;
    StepPlan p = plan;
    if (p == null) {
      // the end of a fast decode run: its tokens were applied when it started
      outputTokens += pendingRunTokens;
      pendingRunTokens = 0;
      wake(now);
      return;
    }
    plan = null;
    numLastProducers = 0;
    outputTokens += collect(p.newRequests(), now) + collect(p.continuingRequests(), now)
        + collect(p.resumedRequests(), now);
    List<Request> finished = scheduler.update(p, StepResult.zeros());
    for (Request req : finished) {
      int i = (int) req.requestId();
      metrics.finish(i, now);
      ledger.finished(i, req);
      host.finished(this, i, now);
    }
    if (!finished.isEmpty()) {
      numLastProducers = 0; // the running set changed
    }
    if (fastDecode && finished.isEmpty()) {
      fastDecodeRun(now);
      if (busy) {
        return;
      }
    }
    wake(now);
  }

  /**
   * Records the tokens one list of scheduled requests produced (those whose computed tokens reach
   * their known tokens); the scheduler samples token 0 for them ({@link StepResult#zeros()}).
   */
  private int collect(List<ScheduledRequest> list, long now) {
    int k = 0;
    for (int j = 0, n = list.size(); j < n; j++) {
      ScheduledRequest sr = list.get(j);
      if (PlanTranslation.producesToken(sr)) {
        int i = (int) sr.requestId();
        if (metrics.produced(i) == 0) {
          ledger.firstToken(i, sr.numCachedTokens());
        }
        metrics.token(i, now);
        addProducer(i);
        k++;
      }
    }
    return k;
  }

  private void addProducer(int request) {
    if (numLastProducers == lastProducers.length) {
      lastProducers = java.util.Arrays.copyOf(lastProducers, numLastProducers * 2);
    }
    lastProducers[numLastProducers++] = request;
  }

  /**
   * Advances a run of steady decode steps at once: times each in a tight loop (contexts grow by
   * one token per step), records one weighted ITL per step, then applies them to the scheduler.
   * The run stops at the first step that ends at or after {@link Host#fastRunStopNs()}, so nothing
   * it skips could have changed it.
   */
  private void fastDecodeRun(long now) {
    int b = numLastProducers;
    if (b == 0 || scheduler.numRunning() != b) {
      return;
    }
    int k = scheduler.steadyDecodeSteps(MAX_FAST_STEPS);
    if (k <= 0) {
      return;
    }
    long sumContext = 0;
    for (int j = 0; j < b; j++) {
      sumContext += ledger.computedTokens(lastProducers[j]);
    }
    long stopAt = host.fastRunStopNs();
    if (now >= stopAt) {
      return; // an arrival at this very instant joins the next step: take the ordinary path
    }
    long t = now;
    long firstDt = 0;
    int n = 0;
    while (n < k && t < stopAt) {
      composition.clear();
      if (timeModel.needsEachDecodeContext()) {
        for (int j = 0; j < b; j++) {
          composition.addDecode(ledger.computedTokens(lastProducers[j]) + n);
        }
      } else {
        composition.addDecodes(b, sumContext + (long) n * b);
      }
      long dt = timeModel.stepTimeNs(composition);
      t = EventQueue.later(t, dt);
      busyNs += dt;
      computeBoundNs += composition.computeBoundNs();
      if (n == 0) {
        firstDt = dt;
      } else {
        metrics.itlBulk(dt, b);
      }
      n++;
    }
    // the first step's gap depends on each request's last token
    long firstEnd = EventQueue.later(now, firstDt);
    for (int j = 0; j < b; j++) {
      int i = lastProducers[j];
      metrics.token(i, firstEnd);
      if (n > 1) {
        metrics.tokensBulk(i, n - 1, t);
      }
    }
    scheduler.advanceDecodeSteps(n);
    steps += n;
    scheduledSequences += (long) n * b;
    pendingRunTokens = (long) n * b;
    busy = true;
    events.push(t, Event.STEP_DONE, index);
  }

  /** Integrates KV usage up to {@code nowNs}, then records the new usage. */
  void kvUsage(long nowNs, double usage) {
    kvUsageIntegral += kvUsage * (nowNs - kvUsageSinceNs);
    kvUsageSinceNs = nowNs;
    kvUsage = usage;
    kvUsageMax = Math.max(kvUsageMax, usage);
  }
}
