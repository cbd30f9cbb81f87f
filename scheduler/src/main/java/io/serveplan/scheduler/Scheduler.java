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
 * <p>A step: {@code plan = schedule(now)}; execute it; {@code update(plan, result)}. The plan is
 * data (ids, token counts, block ids, cached-token counts); the result says how many tokens each
 * request accepted. How a batch forms is the config's {@link SchedulingPolicy}, one {@link
 * BatchingPolicy} class each; the passes are in {@link StepPlanner}.
 */
public final class Scheduler {

  private final SchedulerConfig config;
  private final BlockPool pool;
  private final KvCoordinator kv;
  private final WaitingQueue waiting;
  private final ArrayList<Request> running = new ArrayList<>();
  private final Map<Long, Request> unfinished = new HashMap<>();
  private final StepPlanner planner;
  private List<Long> finishedSinceLastStep = new ArrayList<>();
  /** The plan the last schedule() returned, until update() applied it. */
  private StepPlan lastPlan;

  public Scheduler(SchedulerConfig config) {
    this.config = config;
    this.pool = new BlockPool(config.numGpuBlocks(), config.prefixCaching());
    this.kv = config.isHybrid()
        ? new HybridKvCoordinator(pool, config.blockSize(), config.kvCacheGroups())
        : new KvCacheManager(pool, config.blockSize(), config.hashSeed());
    this.waiting = new WaitingQueue(config.queueOrder());
    this.planner = new StepPlanner(config, kv, waiting, running);
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
    return kv.maxBlocksHeld(maxTokens, planner.policy().maxStepTokens(maxTokens, config));
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
    return planner.numPreemptions;
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
        kv.prefixHitTokens, pool.numEvictions(), planner.numCpuBlocksUsed);
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
    return planner.policy().nextScheduleTimeNs(planner);
  }

  /** Plans the next step at time {@code nowNs}. An empty plan means nothing can run now. */
  public StepPlan schedule(long nowNs) {
    StepPlan plan = planner.plan(nowNs, finishedSinceLastStep);
    if (!finishedSinceLastStep.isEmpty()) {
      finishedSinceLastStep = new ArrayList<>();
    }
    lastPlan = plan;
    return plan;
  }

  /**
   * Applies what the step of {@code plan} (the plan the last {@link #schedule} returned) did:
   * computed tokens advance, every request whose step reached its known tokens takes the tokens
   * {@code result} says it accepted (0 to k + 1; one, id 0, without an entry), full blocks are
   * hashed, requests that produced their output count finish and free their blocks.
   *
   * <p>A request accepting {@code n} tokens ends with KV for all but its newest one where its
   * blocks have the slots (as a speculative verification or multi-step worker writes them into the
   * free slots of its last block); tokens past those slots are recomputed by its next step, which
   * allocates their blocks. Accepting 0 leaves its last scheduled position to be computed again,
   * so that its next step samples. Tokens beyond the output count are dropped.
   *
   * @return the requests this step finished
   * @throws IllegalStateException when {@code plan} is not the last plan, or was applied already
   * @throws IllegalArgumentException when {@code result} has an entry for a request that did not
   *     sample in this step (nothing is applied then)
   */
  public List<Request> update(StepPlan plan, StepResult result) {
    if (plan != lastPlan) {
      throw new IllegalStateException("update: plan is not the one the last schedule() returned,"
          + " or it was applied already");
    }
    checkEntries(plan, result);
    lastPlan = null;
    List<Request> finished = null;
    int hint = 0;
    for (int g = 0; g < 3; g++) {
      List<ScheduledRequest> group = g == 0 ? plan.newRequests()
          : g == 1 ? plan.continuingRequests() : plan.resumedRequests();
      List<Request> live = g == 0 ? planner.newRequests
          : g == 1 ? planner.continuingRequests : planner.resumedRequests;
      for (int i = 0, n = group.size(); i < n; i++, hint++) {
        Request r = live.get(i);
        if (r.status != RequestStatus.RUNNING) {
          continue; // preempted after planning (cannot happen within one schedule/update pair)
        }
        r.numComputedTokens += group.get(i).numScheduledTokens();
        if (r.numComputedTokens == r.numTokens) {
          accept(r, result, result.indexOf(r.requestId(), hint));
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

  /** Refuses a result whose entries name requests that did not sample in {@code plan}. */
  private static void checkEntries(StepPlan plan, StepResult result) {
    if (result.size() == 0) {
      return;
    }
    java.util.Set<Long> sampling = new java.util.HashSet<>();
    for (ScheduledRequest sr : plan.scheduled()) {
      if (sr.samples()) {
        sampling.add(sr.requestId());
      }
    }
    for (long id : result.requestIds()) {
      if (!sampling.contains(id)) {
        throw new IllegalArgumentException("StepResult.requestIds: request " + id
            + " did not sample in this step; allowed: the scheduled requests whose step reached"
            + " their known tokens " + sampling);
      }
    }
  }

  /** {@code r}, whose step reached its known tokens, takes the tokens of entry {@code e}. */
  private void accept(Request r, StepResult result, int e) {
    int n = e < 0 ? 1 : Math.min(result.numAcceptedTokens(e), r.targetOutputTokens() - r.numOutputTokens());
    for (int j = 0; j < n; j++) {
      r.appendToken(e < 0 ? 0 : result.acceptedTokenId(e, j));
    }
    if (n == 0) {
      r.numComputedTokens--; // nothing sampled: the last position is computed again to sample
    } else if (n > 1) {
      r.numComputedTokens += Math.min(n - 1, kv.tokensWithoutBlockChange(r));
    }
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
    if (planner.policy().admitsWhileRunning()) {
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
    int cpu = planner.numCpuBlocksUsed;
    if (cpu < 0 || cpu > config.numCpuBlocks()) {
      throw new IllegalStateException("host pool holds " + cpu + " of " + config.numCpuBlocks());
    }
  }
}
