package io.serveplan.scheduler;

import static io.serveplan.scheduler.kv.HybridKvCacheManager.FREED;
import static org.assertj.core.api.Assertions.assertThat;

import io.serveplan.scheduler.kv.KvCacheGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Hybrid models through the scheduler: every policy, preemption mode and order on random workloads. */
class HybridSchedulerPropertiesTest {

  /** A full group plus one to three local or state groups, drawn from {@code rnd}. */
  static List<KvCacheGroup> randomGroups(Random rnd) {
    List<KvCacheGroup> groups = new ArrayList<>(List.of(KvCacheGroup.full()));
    for (int i = 1 + rnd.nextInt(3); i > 0; i--) {
      groups.add(switch (rnd.nextInt(3)) {
        case 0 -> KvCacheGroup.sliding(1 + rnd.nextInt(24), rnd.nextInt(3) == 0 ? rnd.nextInt(6) : 0);
        case 1 -> KvCacheGroup.chunked(1 + rnd.nextInt(24));
        default -> KvCacheGroup.state(1 + rnd.nextInt(3));
      });
    }
    return groups;
  }

  @Property(tries = 200)
  void hybridSchedulingKeepsItsInvariantsAndFinishesEveryRequestExactly(
      @ForAll SchedulingPolicy policy,
      @ForAll PreemptionMode mode,
      @ForAll boolean priorityOrder,
      @ForAll @IntRange(min = 1, max = 8) int blockSize,
      @ForAll @IntRange(min = 12, max = 120) int numBlocks,
      @ForAll @IntRange(min = 1, max = 8) int maxNumSeqs,
      @ForAll @IntRange(min = 4, max = 64) int budget,
      @ForAll @IntRange(min = 0, max = 16) int threshold,
      @ForAll @IntRange(min = 1, max = 30) int numRequests,
      @ForAll @LongRange(min = 0, max = 100_000) long seed) {
    Random rnd = new Random(seed);
    List<KvCacheGroup> groups = randomGroups(rnd);
    SchedulerConfig c = new SchedulerConfig(policy, maxNumSeqs, budget, threshold, blockSize,
        numBlocks, mode == PreemptionMode.SWAP ? 24 : 0, false, seed, mode,
        priorityOrder ? QueueOrder.PRIORITY : QueueOrder.FCFS, 5, groups);
    Scheduler s = new Scheduler(c);
    List<Request> all = new ArrayList<>();
    List<Request> finished = new ArrayList<>();
    long now = 0;
    int offered = 0;
    int steps = 0;
    while (offered < numRequests || s.hasUnfinishedRequests()) {
      while (offered < numRequests && (rnd.nextInt(3) == 0 || !s.hasUnfinishedRequests())) {
        Request r = new Request(offered++, rnd.ints(1 + rnd.nextInt(40), 0, 1000).toArray(),
            1 + rnd.nextInt(20), now, rnd.nextInt(3), 0);
        try {
          s.addRequest(r);
          all.add(r);
        } catch (IllegalArgumentException tooLarge) {
          assertThat(tooLarge).hasMessageContaining("KV blocks but the pool has only " + numBlocks);
        }
      }
      StepPlan plan = s.schedule(now);
      finished.addAll(s.update(plan, StepResult.zeros()));
      s.checkInvariants();
      checkGroups(s, groups, blockSize, policy == SchedulingPolicy.CHUNKED_PREFILL ? budget
          : Integer.MAX_VALUE);
      now += plan.isEmpty() ? 10 : 1;
      assertThat(++steps).as("no request waits forever").isLessThan(20_000);
    }
    assertThat(finished).hasSameSizeAs(all);
    for (Request r : all) {
      assertThat(r.status()).isEqualTo(RequestStatus.FINISHED);
      assertThat(r.numOutputTokens()).isEqualTo(r.targetOutputTokens());
    }
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(numBlocks);
    assertThat(s.kvCacheStats().numCpuBlocksUsed()).isZero();
  }

  /**
   * Per running request: a state group holds exactly its blocks; a local group no more than a
   * window (or chunk) plus the most tokens one step computes ({@code maxStep}) allow.
   */
  private static void checkGroups(Scheduler s, List<KvCacheGroup> groups, int blockSize,
      int maxStep) {
    int used = 0;
    for (Request r : s.runningRequests()) {
      for (int g = 0; g < groups.size(); g++) {
        KvCacheGroup group = groups.get(g);
        int held = 0;
        for (int b : s.blockTable(r.requestId(), g)) {
          held += b == FREED ? 0 : 1;
        }
        used += held;
        if (group.kind() == KvCacheGroup.Kind.STATE) {
          assertThat(held).as("state blocks of request %d", r.requestId())
              .isEqualTo(group.stateBlocks());
        } else {
          int chunk = Math.min(maxStep, r.numTokens());
          assertThat((long) held).as("%s blocks of request %d", group.name(), r.requestId())
              .isLessThanOrEqualTo(group.maxBlocksHeld(r.numTokens(), chunk, blockSize));
        }
      }
    }
    assertThat(used).isEqualTo(s.blockPool().numBlocks() - s.blockPool().numFreeBlocks());
  }

  @Property(tries = 80)
  void steadyDecodeFastPathLeavesTheSameStateAsSingleStepsForHybridModels(
      @ForAll @IntRange(min = 1, max = 16) int blockSize,
      @ForAll @IntRange(min = 1, max = 12) int numRequests,
      @ForAll @LongRange(min = 0, max = 100_000) long seed) {
    Random rnd = new Random(seed);
    SchedulerConfig c = new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 8, 64, 0, blockSize,
        600, 0, false, seed, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0, randomGroups(rnd));
    SchedulerPropertiesTest.assertFastPathEqualsSingleSteps(c, rnd, numRequests, 80);
  }
}
