package io.serveplan.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Exact scenarios on tiny pools, with an invariant check after every step. */
class SchedulerScenarioTest {

  static SchedulerConfig config(SchedulingPolicy policy, int blocks, int maxSeqs, int budget,
      boolean prefix, PreemptionMode mode, int cpuBlocks) {
    return new SchedulerConfig(policy, maxSeqs, budget, 0, 4, blocks, cpuBlocks, prefix, 7L, mode,
        QueueOrder.FCFS, 0L);
  }

  static int[] tokens(int from, int n) {
    return IntStream.range(from, from + n).toArray();
  }

  static StepPlan step(Scheduler s, List<Request> finished) {
    StepPlan plan = s.schedule(0);
    finished.addAll(s.update(plan, StepResult.zeros()));
    s.checkInvariants();
    return plan;
  }

  @Test
  void chunkedPrefillSplitsAPromptAcrossStepsWithinTheTokenBudget() {
    Scheduler s = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 8, 4, 6, false,
        PreemptionMode.RECOMPUTE, 0));
    Request r = new Request(1, tokens(100, 10), 2, 0, 0, 0);
    s.addRequest(r);
    List<Request> done = new ArrayList<>();

    StepPlan p1 = step(s, done);
    assertThat(p1.newRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.numScheduledTokens()).isEqualTo(6);
      assertThat(sr.numComputedTokensBefore()).isZero();
      assertThat(sr.newBlockIds()).containsExactly(0, 1);
      assertThat(sr.isPrefill()).isTrue();
    });
    assertThat(r.numOutputTokens()).isZero();

    StepPlan p2 = step(s, done);
    assertThat(p2.continuingRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.numScheduledTokens()).isEqualTo(4);
      assertThat(sr.newBlockIds()).containsExactly(2);
    });
    assertThat(r.numOutputTokens()).isEqualTo(1);

    StepPlan p3 = step(s, done);
    assertThat(p3.continuingRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.numScheduledTokens()).isEqualTo(1);
      assertThat(sr.isPrefill()).isFalse();
      assertThat(sr.newBlockIds()).isEmpty();
    });
    assertThat(done).containsExactly(r);
    assertThat(r.finishReason()).isEqualTo("length");
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(8);
    assertThat(s.schedule(0).finishedRequestIds()).containsExactly(1L);
  }

  @Test
  void decodesGoBeforeNewPromptsUnderChunkedPrefill() {
    Scheduler s = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 16, 4, 5, false,
        PreemptionMode.RECOMPUTE, 0));
    Request a = new Request(1, tokens(0, 4), 5, 0, 0, 0);
    s.addRequest(a);
    List<Request> done = new ArrayList<>();
    step(s, done); // a prefills 4 tokens
    Request b = new Request(2, tokens(50, 8), 2, 1, 0, 0);
    s.addRequest(b);
    StepPlan p = step(s, done);
    assertThat(p.continuingRequests()).extracting(ScheduledRequest::requestId).containsExactly(1L);
    assertThat(p.continuingRequests().get(0).numScheduledTokens()).isEqualTo(1);
    assertThat(p.newRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.requestId()).isEqualTo(2L);
      assertThat(sr.numScheduledTokens()).isEqualTo(4); // budget 5 - 1 decode
    });
  }

  @Test
  void continuousPolicyRunsWholePromptPrefillStepsBeforeDecodes() {
    Scheduler s = new Scheduler(config(SchedulingPolicy.CONTINUOUS, 16, 4, 16, false,
        PreemptionMode.RECOMPUTE, 0));
    Request a = new Request(1, tokens(0, 5), 3, 0, 0, 0);
    s.addRequest(a);
    List<Request> done = new ArrayList<>();
    assertThat(step(s, done).newRequests()).hasSize(1);
    Request b = new Request(2, tokens(10, 7), 3, 0, 0, 0);
    s.addRequest(b);
    StepPlan p = step(s, done);
    assertThat(p.newRequests()).extracting(ScheduledRequest::numScheduledTokens).containsExactly(7);
    assertThat(p.continuingRequests()).isEmpty(); // a waits while b's prompt runs
    StepPlan p3 = step(s, done);
    assertThat(p3.continuingRequests()).extracting(ScheduledRequest::requestId).containsExactly(1L, 2L);
  }

  @Test
  void staticBatchWaitsUntilFullOrTimeoutAndAdmitsNobodyWhileRunning() {
    SchedulerConfig c = new SchedulerConfig(SchedulingPolicy.STATIC, 2, 64, 0, 4, 32, 0, false, 0,
        PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 1_000L);
    Scheduler s = new Scheduler(c);
    Request a = new Request(1, tokens(0, 4), 3, 100, 0, 0);
    s.addRequest(a);
    assertThat(s.schedule(500).isEmpty()).isTrue();
    assertThat(s.nextScheduleTimeNs()).isEqualTo(1_100L);
    StepPlan p = s.schedule(1_100);
    assertThat(p.newRequests()).hasSize(1);
    s.update(p, StepResult.zeros());
    Request b = new Request(2, tokens(10, 4), 1, 1_200, 0, 0);
    s.addRequest(b);
    StepPlan p2 = s.schedule(5_000);
    assertThat(p2.newRequests()).isEmpty();
    assertThat(p2.continuingRequests()).extracting(ScheduledRequest::requestId).containsExactly(1L);
    s.update(p2, StepResult.zeros());
    s.update(s.schedule(5_000), StepResult.zeros()); // a finishes (3 outputs)
    assertThat(a.status()).isEqualTo(RequestStatus.FINISHED);
    assertThat(s.schedule(5_000).newRequests()).extracting(ScheduledRequest::requestId).containsExactly(2L);
  }

  @Test
  void preemptsLatestRunningRequestWhenBlocksRunOutAndRecomputesIt() {
    // 4 blocks of 4 tokens. a and b each take 2 blocks for a 5-token prompt... then need a 3rd.
    Scheduler s = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 4, 4, 64, false,
        PreemptionMode.RECOMPUTE, 0));
    Request a = new Request(1, tokens(0, 7), 4, 0, 0, 0);
    Request b = new Request(2, tokens(20, 7), 4, 1, 0, 0);
    s.addRequest(a);
    s.addRequest(b);
    List<Request> done = new ArrayList<>();
    StepPlan p1 = step(s, done);
    assertThat(p1.newRequests()).extracting(ScheduledRequest::requestId).containsExactly(1L, 2L);
    assertThat(a.blockTable()).containsExactly(0, 1);
    assertThat(b.blockTable()).containsExactly(2, 3);
    // Step 2: a decodes position 7 (fits block 1); b too. Step 3: position 8 needs a new block.
    step(s, done);
    StepPlan p3 = step(s, done);
    assertThat(p3.preemptedRequestIds()).containsExactly(2L);
    assertThat(b.status()).isEqualTo(RequestStatus.PREEMPTED);
    assertThat(b.numComputedTokens()).isZero();
    assertThat(b.numOutputTokens()).isEqualTo(2); // outputs are kept and recomputed
    assertThat(a.blockTable()).containsExactly(0, 1, 3);
    while (a.status() != RequestStatus.FINISHED) {
      step(s, done);
    }
    StepPlan resume = step(s, done);
    assertThat(resume.resumedRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.requestId()).isEqualTo(2L);
      assertThat(sr.numScheduledTokens()).isEqualTo(9); // 7 prompt + 2 outputs recomputed
      assertThat(sr.isPrefill()).isTrue();
    });
    while (s.hasUnfinishedRequests()) {
      step(s, done);
    }
    assertThat(b.numOutputTokens()).isEqualTo(4);
    assertThat(b.numPreemptions()).isEqualTo(1);
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(4);
  }

  @Test
  void swapPreemptionMovesBlocksToTheHostPoolAndBack() {
    Scheduler s = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 4, 4, 64, false,
        PreemptionMode.SWAP, 8));
    Request a = new Request(1, tokens(0, 7), 4, 0, 0, 0);
    Request b = new Request(2, tokens(20, 7), 4, 1, 0, 0);
    s.addRequest(a);
    s.addRequest(b);
    List<Request> done = new ArrayList<>();
    step(s, done);
    step(s, done);
    StepPlan p3 = step(s, done);
    assertThat(p3.preemptedRequestIds()).containsExactly(2L);
    assertThat(p3.numSwapOutBlocks()).isEqualTo(2);
    assertThat(b.numComputedTokens()).isEqualTo(8); // kept: its KV sits in host memory
    assertThat(s.kvCacheStats().numCpuBlocksUsed()).isEqualTo(2);
    while (a.status() != RequestStatus.FINISHED) {
      step(s, done);
    }
    StepPlan resume = step(s, done);
    assertThat(resume.numSwapInBlocks()).isEqualTo(2);
    assertThat(resume.resumedRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.numScheduledTokens()).isEqualTo(1);
      assertThat(sr.isPrefill()).isFalse();
    });
    assertThat(s.kvCacheStats().numCpuBlocksUsed()).isZero();
  }

  @Test
  void prefixCacheHitSkipsTheSharedSystemPromptAndEvictsLeastRecentlyFreedFirst() {
    Scheduler s = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 6, 4, 64, true,
        PreemptionMode.RECOMPUTE, 0));
    int[] system = tokens(500, 8); // two full blocks
    Request a = new Request(1, concat(system, tokens(1, 3)), 1, 0, 0, 0);
    s.addRequest(a);
    List<Request> done = new ArrayList<>();
    step(s, done);
    assertThat(a.status()).isEqualTo(RequestStatus.FINISHED);
    // a's blocks 0,1 (hashed) and 2 (partial) freed last block first: queue 3,4,5,2,1,0.
    assertThat(s.blockPool().freeQueue()).containsExactly(3, 4, 5, 2, 1, 0);
    assertThat(s.blockPool().numCachedBlocks()).isEqualTo(2);

    Request b = new Request(2, concat(system, tokens(900, 2)), 1, 1, 0, 0);
    s.addRequest(b);
    StepPlan p = step(s, done);
    assertThat(p.newRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.numComputedTokensBefore()).isEqualTo(8);
      assertThat(sr.numScheduledTokens()).isEqualTo(2);
    });
    assertThat(b.numCachedPromptTokens()).isEqualTo(8);
    assertThat(s.kvCacheStats().prefixHitTokens()).isEqualTo(8);

    // Fill the pool with unrelated prompts: free blocks are taken from the head, cached ones last.
    // b took block 3 and freed 3, 1, 0 (last first): the queue is now 4, 5, 2, 3, 1, 0.
    assertThat(s.blockPool().freeQueue()).containsExactly(4, 5, 2, 3, 1, 0);
    Request c = new Request(3, tokens(2000, 20), 3, 2, 0, 0);
    s.addRequest(c);
    step(s, done);
    assertThat(c.blockTable()).containsExactly(4, 5, 2, 3, 1);
    assertThat(s.kvCacheStats().numEvictions()).isEqualTo(1); // block 1 held the second system block
  }

  @Test
  void differentHashSeedOrTenantSaltSharesNothing() {
    int[] system = tokens(500, 8);
    for (long[] seedAndSalt : new long[][] {{7, 1}, {8, 0}}) {
      SchedulerConfig base = config(SchedulingPolicy.CHUNKED_PREFILL, 16, 4, 64, true,
          PreemptionMode.RECOMPUTE, 0);
      Scheduler s = new Scheduler(base);
      s.addRequest(new Request(1, concat(system, tokens(1, 2)), 1, 0, 0, 0));
      s.update(s.schedule(0), StepResult.zeros());
      // Same scheduler, other salt; or a second scheduler's blocks seeded differently.
      Request b = new Request(2, concat(system, tokens(3, 2)), 1, 1, 0, seedAndSalt[1]);
      if (seedAndSalt[1] == 0) {
        Scheduler other = new Scheduler(new SchedulerConfig(base.policy(), 4, 64, 0, 4, 16, 0, true,
            seedAndSalt[0], PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0));
        other.addRequest(new Request(1, concat(system, tokens(1, 2)), 1, 0, 0, 0));
        other.update(other.schedule(0), StepResult.zeros());
        Request same = new Request(2, concat(system, tokens(3, 2)), 1, 1, 0, 0);
        other.addRequest(same);
        other.update(other.schedule(0), StepResult.zeros());
        assertThat(same.numCachedPromptTokens()).isEqualTo(8); // same seed, no salt: hit
        continue;
      }
      s.addRequest(b);
      s.update(s.schedule(0), StepResult.zeros());
      assertThat(b.numCachedPromptTokens()).isZero();
    }
  }

  @Test
  void hashSeedChangesEveryBlockHash() {
    io.serveplan.scheduler.kv.BlockHasher h1 = new io.serveplan.scheduler.kv.BlockHasher(1);
    io.serveplan.scheduler.kv.BlockHasher h2 = new io.serveplan.scheduler.kv.BlockHasher(2);
    int[] t = tokens(0, 16);
    assertThat(h1.hash(0, t, 0, 16, 0)).isNotEqualTo(h2.hash(0, t, 0, 16, 0));
    assertThat(h1.hash(0, t, 0, 16, 0)).isEqualTo(h1.hash(0, t, 0, 16, 0));
  }

  @Test
  void advancingSteadyDecodeStepsTogetherMatchesStepByStep() {
    Scheduler fast = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 64, 8, 64, true,
        PreemptionMode.RECOMPUTE, 0));
    Scheduler slow = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 64, 8, 64, true,
        PreemptionMode.RECOMPUTE, 0));
    for (int i = 0; i < 3; i++) {
      fast.addRequest(new Request(i, tokens(i * 10, 5 + i), 20 + i, 0, 0, 0));
      slow.addRequest(new Request(i, tokens(i * 10, 5 + i), 20 + i, 0, 0, 0));
    }
    List<Request> done = new ArrayList<>();
    while (fast.hasUnfinishedRequests()) {
      int k = fast.steadyDecodeSteps(1000);
      if (k > 0) {
        fast.advanceDecodeSteps(k);
        for (int j = 0; j < k; j++) {
          StepPlan p = step(slow, done);
          assertThat(p.preemptedRequestIds()).isEmpty();
          assertThat(p.newRequests()).isEmpty();
        }
      } else {
        step(fast, done);
        step(slow, done);
      }
      fast.checkInvariants();
      assertThat(state(fast)).isEqualTo(state(slow));
    }
    assertThat(slow.hasUnfinishedRequests()).isFalse();
  }

  @Test
  void aRequestLargerThanThePoolIsRefusedAtAdmission() {
    Scheduler s = new Scheduler(config(SchedulingPolicy.CHUNKED_PREFILL, 2, 4, 64, false,
        PreemptionMode.RECOMPUTE, 0));
    assertThatThrownBy(() -> s.addRequest(new Request(1, tokens(0, 9), 1, 0, 0, 0)))
        .hasMessageContaining("needs 3 KV blocks but the pool has only 2");
  }

  private static List<String> state(Scheduler s) {
    List<String> out = new ArrayList<>();
    for (Request r : s.runningRequests()) {
      out.add(r + java.util.Arrays.toString(r.blockTable()));
    }
    out.add("free=" + s.blockPool().freeQueue() + " cached=" + s.blockPool().numCachedBlocks());
    return out;
  }

  static int[] concat(int[] a, int[] b) {
    int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
