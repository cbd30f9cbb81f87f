package io.serveplan.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.scheduler.kv.BlockPool;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The vLLM v1 rules of the conformance suite as properties over random workloads, with
 * {@link Scheduler#checkInvariants()} after every step. Each try prints nothing on success; a
 * failing try names its seed in the assertion message (and jqwik reports its own seed).
 */
class VllmConformancePropertiesTest {

  /**
   * test_kv_cache_utils.py's free queue and test_prefix_caching.py's eviction order against a
   * naive model: a list in eviction order, ref counts and a hash index of one block per hash.
   */
  @Property(tries = 200)
  void theBlockPoolBehavesLikeANaiveLruListWithRefCounts(
      @ForAll @IntRange(min = 1, max = 12) int numBlocks,
      @ForAll @IntRange(min = 1, max = 400) int numOps,
      @ForAll long seed) {
    Random rnd = new Random(seed);
    BlockPool pool = new BlockPool(numBlocks, true);
    List<Integer> free = new ArrayList<>();
    int[] refs = new int[numBlocks];
    long[] hashOf = new long[numBlocks];
    Map<Long, Integer> index = new HashMap<>();
    for (int b = 0; b < numBlocks; b++) {
      free.add(b);
    }
    for (int op = 0; op < numOps; op++) {
      int b = rnd.nextInt(numBlocks);
      switch (rnd.nextInt(4)) {
        case 0 -> {
          int expected = free.isEmpty() ? -1 : free.remove(0);
          if (expected >= 0) {
            index.remove(hashOf[expected]);
            hashOf[expected] = 0;
            refs[expected] = 1;
          }
          assertThat(pool.allocate()).as("seed %d op %d allocate", seed, op).isEqualTo(expected);
        }
        case 1 -> { // a prefix hit on a cached block (free or in use)
          if (hashOf[b] != 0) {
            free.remove(Integer.valueOf(b));
            refs[b]++;
            pool.touch(b);
          }
        }
        case 2 -> {
          if (refs[b] > 0) {
            if (--refs[b] == 0) {
              free.add(b);
            }
            pool.release(b);
          }
        }
        default -> {
          long h = 1 + rnd.nextInt(6);
          boolean expected = refs[b] > 0 && (hashOf[b] == h
              || hashOf[b] == 0 && !index.containsKey(h));
          if (refs[b] > 0 && hashOf[b] == 0 && !index.containsKey(h)) {
            hashOf[b] = h;
            index.put(h, b);
          }
          if (refs[b] > 0) {
            assertThat(pool.cacheBlock(b, h)).as("seed %d op %d cache", seed, op).isEqualTo(expected);
          }
        }
      }
      pool.checkInvariants();
      assertThat(pool.freeQueue()).as("seed %d op %d free queue", seed, op).isEqualTo(free);
      for (long h = 1; h <= 6; h++) {
        assertThat(pool.lookup(h)).as("seed %d lookup %d", seed, h).isEqualTo(index.getOrDefault(h, -1));
      }
    }
  }

  /**
   * test_scheduler.py's chunked-prefill rules on random workloads: running requests are served
   * before any waiting one is admitted, a prompt never takes more than the long-prefill
   * threshold, a prefix hit is whole blocks and leaves a token to compute, and under the priority
   * policy a preemption victim ranks no better than any request left running.
   */
  @Property(tries = 150)
  void chunkedPrefillStepsFollowVllmV1Rules(
      @ForAll boolean priorityOrder,
      @ForAll boolean prefixCaching,
      @ForAll @IntRange(min = 1, max = 8) int blockSize,
      @ForAll @IntRange(min = 6, max = 40) int numBlocks,
      @ForAll @IntRange(min = 1, max = 6) int maxNumSeqs,
      @ForAll @IntRange(min = 2, max = 48) int budget,
      @ForAll @IntRange(min = 0, max = 12) int threshold,
      @ForAll @IntRange(min = 1, max = 25) int numRequests,
      @ForAll long seed) {
    QueueOrder order = priorityOrder ? QueueOrder.PRIORITY : QueueOrder.FCFS;
    Scheduler s = new Scheduler(new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, maxNumSeqs,
        budget, threshold, blockSize, numBlocks, 0, prefixCaching, seed, PreemptionMode.RECOMPUTE,
        order, 0));
    Random rnd = new Random(seed);
    int[] shared = rnd.ints(4 * blockSize, 0, 20).toArray();
    List<Request> all = new ArrayList<>();
    int steps = 0;
    while (all.size() < numRequests || s.hasUnfinishedRequests()) {
      if (all.size() < numRequests && (rnd.nextInt(3) == 0 || !s.hasUnfinishedRequests())) {
        all.add(addRandom(s, rnd, all.size(), steps, shared, numBlocks * blockSize));
      }
      Set<Long> runningBefore = new HashSet<>();
      s.runningRequests().forEach(r -> runningBefore.add(r.requestId()));
      StepPlan plan = s.schedule(steps);
      checkStep(s, plan, all, runningBefore, threshold, blockSize, order, seed);
      s.update(plan, StepResult.zeros());
      s.checkInvariants();
      assertThat(++steps).as("seed %d: every request finishes", seed).isLessThan(20_000);
    }
    for (Request r : all) {
      assertThat(r.numOutputTokens()).as("seed %d request %d", seed, r.requestId())
          .isEqualTo(r.targetOutputTokens());
    }
    assertThat(s.blockPool().numFreeBlocks()).as("seed %d: no block leaks", seed).isEqualTo(numBlocks);
  }

  private static Request addRandom(Scheduler s, Random rnd, int id, long now, int[] shared,
      int capacityTokens) {
    int prompt = 1 + rnd.nextInt(Math.max(1, Math.min(30, capacityTokens / 2)));
    int outputs = 1 + rnd.nextInt(Math.max(1, Math.min(12, capacityTokens - prompt)));
    int[] tokens = new int[prompt];
    for (int i = 0; i < prompt; i++) {
      tokens[i] = i < shared.length && rnd.nextInt(4) > 0 ? shared[i] : 100 + rnd.nextInt(50);
    }
    Request r = new Request(id, tokens, outputs, now, rnd.nextInt(3), 0);
    s.addRequest(r);
    return r;
  }

  private static void checkStep(Scheduler s, StepPlan plan, List<Request> all,
      Set<Long> runningBefore, int threshold, int blockSize, QueueOrder order, long seed) {
    Set<Long> continuing = new HashSet<>();
    plan.continuingRequests().forEach(sr -> continuing.add(sr.requestId()));
    boolean admitted = !plan.newRequests().isEmpty() || !plan.resumedRequests().isEmpty();
    if (admitted) {
      for (long id : runningBefore) {
        assertThat(continuing.contains(id) || plan.preemptedRequestIds().contains(id))
            .as("seed %d: running request %d served before admissions", seed, id).isTrue();
      }
    }
    for (ScheduledRequest sr : plan.scheduled()) {
      if (threshold > 0) {
        assertThat(sr.numScheduledTokens()).as("seed %d: long prefill threshold", seed)
            .isLessThanOrEqualTo(threshold);
      }
    }
    for (ScheduledRequest sr : plan.newRequests()) {
      assertThat(sr.numComputedTokensBefore() % blockSize).as("seed %d: hit in whole blocks", seed)
          .isZero();
      assertThat(sr.numComputedTokensBefore()).as("seed %d: a token left to compute", seed)
          .isLessThan(sr.numTokens());
    }
    if (order == QueueOrder.PRIORITY && !plan.preemptedRequestIds().isEmpty()) {
      Comparator<Request> rank = Comparator.comparingInt(Request::priority)
          .thenComparingLong(Request::arrivalTimeNs);
      for (Request kept : s.runningRequests()) {
        for (long victimId : plan.preemptedRequestIds()) {
          Request victim = all.get((int) victimId); // ids are list indices
          assertThat(rank.compare(kept, victim)).as("seed %d: victim %d ranks below kept %d",
              seed, victimId, kept.requestId()).isLessThanOrEqualTo(0);
        }
      }
    }
  }
}
