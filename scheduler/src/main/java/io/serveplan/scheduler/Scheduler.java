package io.serveplan.scheduler;

import io.serveplan.scheduler.kv.BlockPool;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides what each step computes, vLLM v1 style: every request catches its computed tokens up to
 * its known tokens under a token budget; the batching policy decides who goes first. Has no clock
 * (the caller passes the time) and no hardware (the caller executes the {@link StepPlan} and
 * reports a {@link StepResult}). Owned by one caller; not thread-safe.
 *
 * <p>A step: {@code plan = schedule(now)}; execute it; {@code update(plan, result)}.
 */
public final class Scheduler {

  private final SchedulerConfig config;
  private final BlockPool pool;
  private final KvCoordinator kv;
  private final WaitingQueue waiting;
  private final ArrayList<Request> running = new ArrayList<>();
  private final Map<Long, Request> unfinished = new HashMap<>();
  private List<Long> finishedSinceLastStep = new ArrayList<>();
  private int numCpuBlocksUsed;
  private long numPreemptions;

  // Per-step scratch, reset by schedule().
  private final ArrayList<ScheduledRequest> stepNew = new ArrayList<>();
  private final ArrayList<ScheduledRequest> stepContinuing = new ArrayList<>();
  private final ArrayList<ScheduledRequest> stepResumed = new ArrayList<>();
  private final ArrayList<Long> stepPreempted = new ArrayList<>();
  private int stepTokenBudget;
  private int stepSwapIn;
  private int stepSwapOut;
  private int stepScheduledTokens;

  public Scheduler(SchedulerConfig config) {
    this.config = config;
    this.pool = new BlockPool(config.numGpuBlocks(), config.prefixCaching());
    this.kv = config.isHybrid()
        ? new HybridKvCoordinator(pool, config.blockSize(), config.kvCacheGroups())
        : new KvCacheManager(pool, config.blockSize(), config.hashSeed());
    this.waiting = new WaitingQueue(config.queueOrder());
  }

  public SchedulerConfig config() {
    return config;
  }

  /** Queues a new request. */
  public void addRequest(Request r) {
    if (r.status() != RequestStatus.WAITING || r.everScheduled) {
      throw new IllegalStateException("request " + r.requestId() + " was already added");
    }
    if (unfinished.putIfAbsent(r.requestId(), r) != null) {
      throw new IllegalStateException("duplicate request id " + r.requestId());
    }
    long need = maxBlocksNeeded(r.numPromptTokens(), r.targetOutputTokens());
    if (need > config.numGpuBlocks()) {
      unfinished.remove(r.requestId());
      throw new IllegalArgumentException("request " + r.requestId() + " needs " + need
          + " KV blocks but the pool has only " + config.numGpuBlocks());
    }
    waiting.add(r);
  }

  /**
   * The most KV blocks a request of this size holds at once, alone, over its life (every group of
   * a hybrid model counted); above {@code numGpuBlocks} it can never run and {@link #addRequest}
   * refuses it.
   */
  public long maxBlocksNeeded(int numPromptTokens, int numOutputTokens) {
    int maxTokens = numPromptTokens + numOutputTokens - 1;
    // one step computes at most the budget under chunked prefill (a swap-in is not held to the
    // long-prefill threshold), else all of it
    return kv.maxBlocksHeld(maxTokens, config.policy() == SchedulingPolicy.CHUNKED_PREFILL
        ? Math.min(maxTokens, config.maxNumBatchedTokens()) : maxTokens);
  }

  public boolean hasUnfinishedRequests() {
    return !unfinished.isEmpty();
  }

  public int numWaiting() {
    return waiting.size();
  }

  public int numRunning() {
    return running.size();
  }

  public long numPreemptions() {
    return numPreemptions;
  }

  /** A copy of the block table of an unfinished request (empty for a hybrid model: see the next). */
  public int[] blockTable(long requestId) {
    return unfinishedRequest(requestId).blockTable();
  }

  /**
   * A copy of a hybrid model's block table of an unfinished request for KV-cache group {@code
   * group} ({@code kv.HybridKvCacheManager.FREED} where a block left the window); for a plain
   * model group 0 is {@link #blockTable(long)}.
   */
  public int[] blockTable(long requestId, int group) {
    Request r = unfinishedRequest(requestId);
    return kv instanceof HybridKvCoordinator h
        ? h.manager().blockTable(requestId, group) : r.blockTable();
  }

  private Request unfinishedRequest(long requestId) {
    Request r = unfinished.get(requestId);
    if (r == null) {
      throw new IllegalArgumentException("no unfinished request " + requestId);
    }
    return r;
  }

  public KvCacheStats kvCacheStats() {
    int free = pool.numFreeBlocks();
    int total = pool.numBlocks();
    return new KvCacheStats(total, free, (double) (total - free) / total, kv.prefixQueryTokens,
        kv.prefixHitTokens, pool.numEvictions(), numCpuBlocksUsed);
  }

  /** Fraction of KV blocks in use, without building a stats record (hot path). */
  public double kvCacheUsage() {
    return (double) (pool.numBlocks() - pool.numFreeBlocks()) / pool.numBlocks();
  }

  /** The block pool, for tests and invariant checks. */
  public BlockPool blockPool() {
    return pool;
  }

  /**
   * The earliest time at which {@link #schedule} could start work that it cannot start now
   * without a new arrival: the static policy's batch timeout. Long.MAX_VALUE when none.
   */
  public long nextScheduleTimeNs() {
    if (config.policy() == SchedulingPolicy.STATIC && running.isEmpty() && !waiting.isEmpty()) {
      long oldest = waiting.oldestArrivalNs();
      return oldest > Long.MAX_VALUE - config.staticBatchTimeoutNs()
          ? Long.MAX_VALUE
          : oldest + config.staticBatchTimeoutNs();
    }
    return Long.MAX_VALUE;
  }

  /** Plans the next step at time {@code nowNs}. An empty plan means nothing can run now. */
  public StepPlan schedule(long nowNs) {
    stepNew.clear();
    stepContinuing.clear();
    stepResumed.clear();
    stepPreempted.clear();
    stepTokenBudget = config.maxNumBatchedTokens();
    stepSwapIn = 0;
    stepSwapOut = 0;
    stepScheduledTokens = 0;
    switch (config.policy()) {
      case CHUNKED_PREFILL -> {
        scheduleRunning(true);
        if (stepPreempted.isEmpty()) {
          scheduleWaiting(true, false);
        }
      }
      case CONTINUOUS -> {
        // Prefill-priority: a step either admits whole prompts or decodes everyone running.
        scheduleWaiting(false, false);
        if (stepScheduledTokens == 0) {
          scheduleRunning(false);
        }
      }
      case STATIC -> {
        if (running.isEmpty()) {
          if (!waiting.isEmpty()
              && (waiting.size() >= config.maxNumSeqs() || nowNs >= nextScheduleTimeNs())) {
            scheduleWaiting(false, true);
          }
        } else {
          scheduleRunning(false);
        }
      }
    }
    StepPlan plan = new StepPlan(stepNew, stepContinuing, stepResumed, stepPreempted,
        finishedSinceLastStep, stepScheduledTokens, stepSwapIn, stepSwapOut);
    if (!finishedSinceLastStep.isEmpty()) {
      finishedSinceLastStep = new ArrayList<>();
    }
    return plan;
  }

  /** Pass 1: requests already running, in admission order; preempts when blocks run out. */
  private void scheduleRunning(boolean chunked) {
    boolean ignoreBudget = config.policy() == SchedulingPolicy.STATIC;
    for (int i = 0; i < running.size(); i++) {
      Request r = running.get(i);
      int numNew = r.numTokens - r.numComputedTokens;
      if (chunked) {
        if (config.longPrefillTokenThreshold() > 0) {
          numNew = Math.min(numNew, config.longPrefillTokenThreshold());
        }
        numNew = Math.min(numNew, stepTokenBudget);
        if (numNew == 0) {
          break;
        }
      } else if (!ignoreBudget && numNew > stepTokenBudget) {
        continue;
      }
      int before = r.numBlocks;
      boolean scheduled = true;
      while (!kv.allocateSlots(r, numNew)) {
        Request victim = pickVictim(i);
        if (config.queueOrder() == QueueOrder.PRIORITY && running.indexOf(victim) < i) {
          unschedule(victim);
          i--; // r moves down one place when the victim before it leaves running
        }
        preempt(victim);
        if (victim == r) {
          scheduled = false;
          break;
        }
      }
      if (!scheduled) {
        i--; // r was removed from running at index i
        continue;
      }
      stepContinuing.add(new ScheduledRequest(r.requestId(), numNew, r.numComputedTokens,
          kv.newBlocks(r, before), !isDecode(r), r));
      stepTokenBudget -= numNew;
      stepScheduledTokens += numNew;
    }
  }

  /** Pass 2: admit waiting (new or preempted) requests while sequences, budget and blocks allow. */
  private void scheduleWaiting(boolean chunked, boolean ignoreBudget) {
    while (!waiting.isEmpty() && running.size() < config.maxNumSeqs()) {
      if (!ignoreBudget && stepTokenBudget == 0) {
        break;
      }
      Request r = waiting.peek();
      boolean resumed = r.everScheduled;
      int numNew;
      if (r.numSwappedBlocks > 0) {
        numNew = r.numTokens - r.numComputedTokens;
        if (chunked) {
          numNew = Math.min(numNew, stepTokenBudget);
        } else if (!ignoreBudget && numNew > stepTokenBudget) {
          break;
        }
        int n = r.numSwappedBlocks;
        if (!kv.swapIn(r, n, numNew)) {
          break;
        }
        r.numSwappedBlocks = 0;
        numCpuBlocksUsed -= n;
        stepSwapIn += n;
        admit(r, numNew, resumed);
        continue;
      }
      int cached = kv.findPrefixHit(r);
      numNew = r.numTokens - cached;
      if (chunked) {
        if (config.longPrefillTokenThreshold() > 0) {
          numNew = Math.min(numNew, config.longPrefillTokenThreshold());
        }
        numNew = Math.min(numNew, stepTokenBudget);
      } else if (!ignoreBudget && numNew > stepTokenBudget) {
        // A prompt longer than the whole budget runs alone rather than never.
        boolean alone = stepScheduledTokens == 0 && numNew > config.maxNumBatchedTokens();
        if (!alone) {
          break;
        }
      }
      if (!kv.allocateWithHit(r, numNew)) {
        break;
      }
      r.numComputedTokens = cached;
      if (r.numCachedPromptTokens < 0) {
        r.numCachedPromptTokens = cached;
      }
      kv.countQuery(r.numTokens, cached);
      admit(r, numNew, resumed);
    }
  }

  private void admit(Request r, int numNew, boolean resumed) {
    waiting.poll();
    running.add(r);
    r.status = RequestStatus.RUNNING;
    r.everScheduled = true;
    ScheduledRequest sr = new ScheduledRequest(r.requestId(), numNew, r.numComputedTokens,
        kv.admittedBlocks(r), !isDecode(r), r);
    (resumed ? stepResumed : stepNew).add(sr);
    stepTokenBudget -= numNew;
    stepScheduledTokens += numNew;
  }

  /** A decode step computes exactly the one token sampled last step. */
  private static boolean isDecode(Request r) {
    return r.numOutputTokens() >= 1 && r.numTokens - r.numComputedTokens == 1;
  }

  /**
   * The running request to evict: under FCFS the last one (latest admitted, never one already
   * scheduled this step); under priority order the lowest-priority, latest-arrived one of all
   * running requests, as vLLM does, even one already scheduled this step (its share is then
   * taken back by {@link #unschedule}).
   */
  private Request pickVictim(int currentIndex) {
    if (config.queueOrder() == QueueOrder.FCFS) {
      return running.get(running.size() - 1);
    }
    Request victim = running.get(currentIndex);
    for (int j = 0; j < running.size(); j++) {
      Request c = running.get(j);
      if (c.priority() > victim.priority()
          || (c.priority() == victim.priority() && c.arrivalTimeNs() >= victim.arrivalTimeNs())) {
        victim = c;
      }
    }
    return victim;
  }

  /** Takes back the share of this step that {@code r} was given earlier in the running pass. */
  private void unschedule(Request r) {
    for (int k = stepContinuing.size() - 1; k >= 0; k--) {
      ScheduledRequest sr = stepContinuing.get(k);
      if (sr.request() == r) {
        stepContinuing.remove(k);
        stepTokenBudget += sr.numScheduledTokens();
        stepScheduledTokens -= sr.numScheduledTokens();
        return;
      }
    }
  }

  private void preempt(Request victim) {
    running.remove(victim);
    int held = kv.numBlocksHeld(victim);
    boolean swap = config.preemptionMode() == PreemptionMode.SWAP
        && victim.numComputedTokens > 0
        && numCpuBlocksUsed + held <= config.numCpuBlocks();
    if (swap) {
      int n = held;
      numCpuBlocksUsed += n;
      stepSwapOut += n;
      kv.free(victim);
      victim.numSwappedBlocks = n;
    } else {
      kv.free(victim);
      victim.numComputedTokens = 0;
      victim.numSwappedBlocks = 0;
    }
    victim.status = RequestStatus.PREEMPTED;
    victim.numPreemptions++;
    numPreemptions++;
    waiting.addPreempted(victim);
    stepPreempted.add(victim.requestId());
  }

  /**
   * Applies what the step did: computed tokens advance, a request that caught up with its known
   * tokens takes its sampled token, full blocks are hashed, finished requests free their blocks.
   *
   * @return the requests this step finished
   */
  public List<Request> update(StepPlan plan, StepResult result) {
    List<Request> finished = null;
    int hint = 0;
    for (List<ScheduledRequest> group :
        List.of(plan.newRequests(), plan.continuingRequests(), plan.resumedRequests())) {
      for (int i = 0; i < group.size(); i++, hint++) {
        ScheduledRequest sr = group.get(i);
        Request r = sr.request();
        if (r.status != RequestStatus.RUNNING) {
          continue; // preempted after planning (cannot happen within one schedule/update pair)
        }
        r.numComputedTokens += sr.numScheduledTokens();
        if (r.numComputedTokens == r.numTokens) {
          r.appendToken(result.tokenFor(r.requestId(), hint));
        }
        kv.cacheFullBlocks(r);
        if (r.numOutputTokens() >= r.targetOutputTokens()) {
          if (finished == null) {
            finished = new ArrayList<>();
          }
          finished.add(r);
        }
      }
    }
    if (finished == null) {
      return List.of();
    }
    for (Request r : finished) {
      finish(r);
    }
    running.removeIf(Request::isFinished);
    return finished;
  }

  private void finish(Request r) {
    r.status = RequestStatus.FINISHED;
    r.finishReason = "length";
    kv.free(r);
    unfinished.remove(r.requestId());
    finishedSinceLastStep.add(r.requestId());
  }

  /**
   * How many next steps are pure decode of the current running set with nothing else changing: no
   * block allocation, no request finishing, no admission possible and no preemption. 0 when the
   * next step is not such a step. Lets a simulator advance them together.
   */
  public int steadyDecodeSteps(int maxSteps) {
    if (running.isEmpty() || maxSteps <= 0) {
      return 0;
    }
    if (config.policy() != SchedulingPolicy.STATIC) {
      boolean canAdmit = !waiting.isEmpty() && running.size() < config.maxNumSeqs()
          && pool.numFreeBlocks() > 0;
      if (canAdmit || running.size() > config.maxNumBatchedTokens()) {
        return 0;
      }
    }
    int k = maxSteps;
    for (int i = 0, n = running.size(); i < n; i++) {
      Request r = running.get(i);
      if (r.numTokens - r.numComputedTokens != 1) {
        return 0;
      }
      k = Math.min(k, r.targetOutputTokens() - r.numOutputTokens() - 1);
      k = Math.min(k, kv.tokensWithoutBlockChange(r));
      if (k <= 0) {
        return 0;
      }
    }
    return k;
  }

  /**
   * Applies {@code k} steady decode steps at once (each running request computes k tokens and
   * samples token 0 k times). {@code k} must not exceed {@link #steadyDecodeSteps}.
   */
  public void advanceDecodeSteps(int k) {
    if (k <= 0) {
      return;
    }
    if (k > steadyDecodeSteps(k)) {
      throw new IllegalStateException("cannot advance " + k + " decode steps; steady for "
          + steadyDecodeSteps(k));
    }
    for (int i = 0, n = running.size(); i < n; i++) {
      Request r = running.get(i);
      for (int j = 0; j < k; j++) {
        r.appendToken(0);
      }
      r.numComputedTokens += k;
      kv.cacheFullBlocks(r);
    }
  }

  /** Sum of the context lengths (computed tokens) of the running requests. */
  public long runningContextTokens() {
    long s = 0;
    for (int i = 0, n = running.size(); i < n; i++) {
      s += running.get(i).numComputedTokens;
    }
    return s;
  }

  /** The running requests, in admission order (read-only view). */
  public List<Request> runningRequests() {
    return java.util.Collections.unmodifiableList(running);
  }

  /**
   * Checks the pool's invariants and that block tables account for every reference: the sum of
   * ref counts equals the references held by running requests' tables.
   */
  public void checkInvariants() {
    for (Request r : running) {
      if (r.status != RequestStatus.RUNNING) {
        throw new IllegalStateException("request " + r.requestId() + " in running with status " + r.status);
      }
    }
    kv.checkTables(running, waiting.all());
    if (running.size() > config.maxNumSeqs()) {
      throw new IllegalStateException(running.size() + " running > maxNumSeqs " + config.maxNumSeqs());
    }
    if (numCpuBlocksUsed < 0 || numCpuBlocksUsed > config.numCpuBlocks()) {
      throw new IllegalStateException("host pool holds " + numCpuBlocksUsed + " of " + config.numCpuBlocks());
    }
  }
}
