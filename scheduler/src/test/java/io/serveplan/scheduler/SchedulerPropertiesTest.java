package io.serveplan.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Invariants of every policy over random workloads and configurations. */
class SchedulerPropertiesTest {

  @Property(tries = 150)
  void everyPolicyKeepsItsInvariantsAndFinishesEveryRequestExactly(
      @ForAll SchedulingPolicy policy,
      @ForAll PreemptionMode mode,
      @ForAll boolean prefixCaching,
      @ForAll boolean priorityOrder,
      @ForAll @IntRange(min = 1, max = 8) int blockSize,
      @ForAll @IntRange(min = 8, max = 60) int numBlocks,
      @ForAll @IntRange(min = 1, max = 8) int maxNumSeqs,
      @ForAll @IntRange(min = 4, max = 64) int budget,
      @ForAll @IntRange(min = 0, max = 16) int threshold,
      @ForAll @IntRange(min = 1, max = 30) int numRequests,
      @ForAll @LongRange(min = 0, max = 1000) long seed) {
    SchedulerConfig c = new SchedulerConfig(policy, maxNumSeqs, budget, threshold, blockSize,
        numBlocks, mode == PreemptionMode.SWAP ? 16 : 0, prefixCaching, seed, mode,
        priorityOrder ? QueueOrder.PRIORITY : QueueOrder.FCFS, 5);
    Scheduler s = new Scheduler(c);
    Random rnd = new Random(seed);
    int[] shared = rnd.ints(24, 0, 50).toArray();
    List<Request> all = new ArrayList<>();
    long now = 0;
    int added = 0;
    int steps = 0;
    List<Request> finished = new ArrayList<>();
    while (added < numRequests || s.hasUnfinishedRequests()) {
      while (added < numRequests && rnd.nextInt(3) == 0 || added < numRequests && !s.hasUnfinishedRequests()) {
        int maxTokens = numBlocks * blockSize;
        int prompt = 1 + rnd.nextInt(Math.max(1, Math.min(40, maxTokens / 2)));
        int outputs = 1 + rnd.nextInt(Math.max(1, Math.min(20, maxTokens - prompt)));
        int[] tokens = new int[prompt];
        for (int i = 0; i < prompt; i++) {
          tokens[i] = rnd.nextBoolean() && i < shared.length ? shared[i] : rnd.nextInt(1000);
        }
        Request r = new Request(added, tokens, outputs, now, rnd.nextInt(3), 0);
        s.addRequest(r);
        all.add(r);
        added++;
      }
      StepPlan plan = s.schedule(now);
      assertThat(plan.numScheduledRequests()).isLessThanOrEqualTo(maxNumSeqs);
      if (policy != SchedulingPolicy.STATIC) {
        int sum = plan.scheduled().stream().mapToInt(ScheduledRequest::numScheduledTokens).sum();
        boolean aloneOverBudget = plan.numScheduledRequests() == 1;
        assertThat(sum <= budget || aloneOverBudget && policy == SchedulingPolicy.CONTINUOUS)
            .as("step tokens %d within budget %d", sum, budget).isTrue();
      }
      finished.addAll(s.update(plan, StepResult.zeros()));
      s.checkInvariants();
      now += plan.isEmpty() ? 10 : 1;
      assertThat(++steps).as("no request waits forever").isLessThan(20_000);
    }
    assertThat(finished).hasSize(numRequests);
    for (Request r : all) {
      assertThat(r.status()).isEqualTo(RequestStatus.FINISHED);
      assertThat(r.numOutputTokens()).isEqualTo(r.targetOutputTokens());
    }
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(numBlocks);
    assertThat(s.kvCacheStats().numCpuBlocksUsed()).isZero();
  }

  @Property(tries = 60)
  void steadyDecodeFastPathLeavesTheSameStateAsSingleSteps(
      @ForAll @IntRange(min = 1, max = 16) int blockSize,
      @ForAll @IntRange(min = 1, max = 12) int numRequests,
      @ForAll @LongRange(min = 0, max = 1000) long seed) {
    SchedulerConfig c = new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 8, 64, 0, blockSize,
        400, 0, true, seed, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0);
    assertFastPathEqualsSingleSteps(c, new Random(seed), numRequests, 60);
  }

  /**
   * Runs the same random requests through two schedulers of config {@code c}, one with the steady
   * decode fast path and one step by step, and checks they end in the same state.
   */
  static void assertFastPathEqualsSingleSteps(SchedulerConfig c, Random rnd, int numRequests,
      int maxOutputs) {
    Scheduler fast = new Scheduler(c);
    Scheduler slow = new Scheduler(c);
    for (int i = 0; i < numRequests; i++) {
      int[] tokens = rnd.ints(1 + rnd.nextInt(30), 0, 100).toArray();
      int outputs = 1 + rnd.nextInt(maxOutputs);
      fast.addRequest(new Request(i, tokens, outputs, i, 0, 0));
      slow.addRequest(new Request(i, tokens.clone(), outputs, i, 0, 0));
    }
    int fastSteps = 0;
    int slowSteps = 0;
    while (fast.hasUnfinishedRequests()) {
      int k = fast.steadyDecodeSteps(Integer.MAX_VALUE);
      if (k > 0) {
        fast.advanceDecodeSteps(k);
        fastSteps += k;
      } else {
        fast.update(fast.schedule(0), StepResult.zeros());
        fastSteps++;
      }
      fast.checkInvariants();
    }
    while (slow.hasUnfinishedRequests()) {
      slow.update(slow.schedule(0), StepResult.zeros());
      slowSteps++;
    }
    assertThat(fastSteps).isEqualTo(slowSteps);
    assertThat(fast.blockPool().freeQueue()).isEqualTo(slow.blockPool().freeQueue());
    assertThat(fast.kvCacheStats()).isEqualTo(slow.kvCacheStats());
  }
}
