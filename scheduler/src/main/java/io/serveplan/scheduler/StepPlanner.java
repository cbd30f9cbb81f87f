package io.serveplan.scheduler;

import java.util.ArrayList;
import java.util.List;

/**
 * Plans one step for its {@link Scheduler}: the passes a {@link BatchingPolicy} runs (requests
 * already running, then or before admission of waiting ones), preemption when blocks run out, and
 * the plan's data. Keeps, beside each plan, the live requests it scheduled in the same order, so
 * that {@link Scheduler#update} finds them without a lookup. Package-private; not thread-safe.
 */
final class StepPlanner {

  private final SchedulerConfig config;
  private final BatchingPolicy policy;
  private final KvCoordinator kv;
  private final WaitingQueue waiting;
  private final ArrayList<Request> running;
  int numCpuBlocksUsed;
  long numPreemptions;

  // Per-step scratch, reset by plan(); the request lists parallel the plan's lists.
  private final ArrayList<ScheduledRequest> stepNew = new ArrayList<>();
  private final ArrayList<ScheduledRequest> stepContinuing = new ArrayList<>();
  private final ArrayList<ScheduledRequest> stepResumed = new ArrayList<>();
  final ArrayList<Request> newRequests = new ArrayList<>();
  final ArrayList<Request> continuingRequests = new ArrayList<>();
  final ArrayList<Request> resumedRequests = new ArrayList<>();
  private final ArrayList<Long> stepPreempted = new ArrayList<>();
  private int stepTokenBudget;
  private int stepSwapIn;
  private int stepSwapOut;
  private int stepScheduledTokens;

  StepPlanner(SchedulerConfig config, KvCoordinator kv, WaitingQueue waiting,
      ArrayList<Request> running) {
    this.config = config;
    this.policy = config.policy().create();
    this.kv = kv;
    this.waiting = waiting;
    this.running = running;
  }

  SchedulerConfig config() {
    return config;
  }

  BatchingPolicy policy() {
    return policy;
  }

  boolean hasRunning() {
    return !running.isEmpty();
  }

  int numWaiting() {
    return waiting.size();
  }

  long oldestWaitingArrivalNs() {
    return waiting.oldestArrivalNs();
  }

  boolean preemptedThisStep() {
    return !stepPreempted.isEmpty();
  }

  int scheduledTokens() {
    return stepScheduledTokens;
  }

  /** Plans the step at {@code nowNs}, reporting {@code finishedIds} as finished by the last one. */
  StepPlan plan(long nowNs, List<Long> finishedIds) {
    stepNew.clear();
    stepContinuing.clear();
    stepResumed.clear();
    newRequests.clear();
    continuingRequests.clear();
    resumedRequests.clear();
    stepPreempted.clear();
    stepTokenBudget = config.maxNumBatchedTokens();
    stepSwapIn = 0;
    stepSwapOut = 0;
    stepScheduledTokens = 0;
    policy.plan(this, nowNs);
    return new StepPlan(stepNew, stepContinuing, stepResumed, stepPreempted, finishedIds,
        stepScheduledTokens, stepSwapIn, stepSwapOut);
  }

  /** The pass over requests already running, in admission order; preempts when blocks run out. */
  void scheduleRunning() {
    for (int i = 0; i < running.size(); i++) {
      Request r = running.get(i);
      int numNew = policy.runningTokens(r.numTokens - r.numComputedTokens, stepTokenBudget,
          stepScheduledTokens == 0, config);
      if (numNew == BatchingPolicy.STOP) {
        break;
      } else if (numNew == BatchingPolicy.SKIP) {
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
      stepContinuing.add(scheduled(r, numNew, kv.newBlocks(r, before)));
      continuingRequests.add(r);
      stepTokenBudget -= numNew;
      stepScheduledTokens += numNew;
    }
  }

  /** The pass admitting waiting (new or preempted) requests while sequences, budget and blocks allow. */
  void scheduleWaiting() {
    while (!waiting.isEmpty() && running.size() < config.maxNumSeqs()) {
      if (policy.budgeted() && stepTokenBudget == 0) {
        break;
      }
      Request r = waiting.peek();
      boolean resumed = r.everScheduled;
      if (r.numSwappedBlocks > 0) {
        int numNew = policy.admitTokens(r.numTokens - r.numComputedTokens, stepTokenBudget, true,
            stepScheduledTokens == 0, config);
        if (numNew == BatchingPolicy.STOP) {
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
      int numNew = policy.admitTokens(r.numTokens - cached, stepTokenBudget, false,
          stepScheduledTokens == 0, config);
      if (numNew == BatchingPolicy.STOP || !kv.allocateWithHit(r, numNew)) {
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
    ScheduledRequest sr = scheduled(r, numNew, kv.admittedBlocks(r));
    if (resumed) {
      stepResumed.add(sr);
      resumedRequests.add(r);
    } else {
      stepNew.add(sr);
      newRequests.add(r);
    }
    stepTokenBudget -= numNew;
    stepScheduledTokens += numNew;
  }

  private static ScheduledRequest scheduled(Request r, int numNew, int[] newBlockIds) {
    return new ScheduledRequest(r.requestId(), numNew, r.numComputedTokens, r.numTokens,
        r.numPromptTokens(), r.numCachedPromptTokens, newBlockIds, !isDecode(r));
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
    for (int k = continuingRequests.size() - 1; k >= 0; k--) {
      if (continuingRequests.get(k) == r) {
        ScheduledRequest sr = stepContinuing.remove(k);
        continuingRequests.remove(k);
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
    kv.free(victim);
    if (swap) {
      numCpuBlocksUsed += held;
      stepSwapOut += held;
      victim.numSwappedBlocks = held;
    } else {
      victim.numComputedTokens = 0;
      victim.numSwappedBlocks = 0;
    }
    victim.status = RequestStatus.PREEMPTED;
    victim.numPreemptions++;
    numPreemptions++;
    waiting.addPreempted(victim);
    stepPreempted.add(victim.requestId());
  }
}
