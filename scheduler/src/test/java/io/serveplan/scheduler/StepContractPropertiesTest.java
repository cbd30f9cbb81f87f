package io.serveplan.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The step contract over random workloads, every policy, preemption mode, prefix caching and
 * queue order: requests accept 0 to k + 1 tokens a step (speculative or multi-step workers), the
 * scheduler's invariants hold after every step, every request ends with exactly its output count
 * made of the tokens it accepted, nothing leaks, and a worker's block tables kept from the plans
 * alone equal the scheduler's.
 */
class StepContractPropertiesTest {

  @Property(tries = 150)
  void requestsAcceptingZeroToKPlusOneTokensKeepEveryInvariantAndFinishExactly(
      @ForAll SchedulingPolicy policy,
      @ForAll PreemptionMode mode,
      @ForAll @IntRange(min = 0, max = 4) int k,
      @ForAll @LongRange(min = 0, max = 1000) long seed) {
    // the rest of the configuration from the seed
    Random rnd = new Random(seed);
    int blockSize = 1 + rnd.nextInt(8);
    int numBlocks = 8 + rnd.nextInt(53);
    int maxNumSeqs = 1 + rnd.nextInt(8);
    int numRequests = 1 + rnd.nextInt(25);
    SchedulerConfig c = new SchedulerConfig(policy, maxNumSeqs, 4 + rnd.nextInt(61), 0,
        blockSize, numBlocks, mode == PreemptionMode.SWAP ? 16 : 0, rnd.nextBoolean(), seed, mode,
        rnd.nextBoolean() ? QueueOrder.PRIORITY : QueueOrder.FCFS, 5);
    Scheduler s = new Scheduler(c);
    List<Request> all = new ArrayList<>();
    for (int i = 0; i < numRequests; i++) {
      int maxTokens = numBlocks * blockSize;
      int prompt = 1 + rnd.nextInt(Math.max(1, Math.min(30, maxTokens / 2)));
      int outputs = 1 + rnd.nextInt(Math.max(1, Math.min(20, maxTokens - prompt)));
      int[] tokens = rnd.ints(prompt, 0, rnd.nextBoolean() ? 3 : 1000).toArray();
      Request r = new Request(i, tokens, outputs, i, rnd.nextInt(3), 0);
      s.addRequest(r);
      all.add(r);
    }
    runAccepting(s, all, rnd, k, true);
  }

  @Property(tries = 100)
  void hybridModelsAcceptingZeroToKPlusOneTokensKeepEveryInvariantAndFinishExactly(
      @ForAll SchedulingPolicy policy,
      @ForAll PreemptionMode mode,
      @ForAll @IntRange(min = 0, max = 4) int k,
      @ForAll @LongRange(min = 0, max = 100_000) long seed) {
    Random rnd = new Random(seed);
    int numBlocks = 12 + rnd.nextInt(109);
    SchedulerConfig c = new SchedulerConfig(policy, 1 + rnd.nextInt(8), 4 + rnd.nextInt(61),
        rnd.nextInt(17), 1 + rnd.nextInt(8), numBlocks, mode == PreemptionMode.SWAP ? 24 : 0,
        false, seed, mode, rnd.nextBoolean() ? QueueOrder.PRIORITY : QueueOrder.FCFS, 5,
        HybridSchedulerPropertiesTest.randomGroups(rnd));
    Scheduler s = new Scheduler(c);
    List<Request> all = new ArrayList<>();
    for (int i = 1 + rnd.nextInt(25); i > 0; i--) {
      Request r = new Request(all.size(), rnd.ints(1 + rnd.nextInt(40), 0, 1000).toArray(),
          1 + rnd.nextInt(20), all.size(), rnd.nextInt(3), 0);
      if (s.maxBlocksNeeded(r.numPromptTokens(), r.targetOutputTokens()) <= numBlocks) {
        s.addRequest(r);
        all.add(r);
      }
    }
    runAccepting(s, all, rnd, k, false);
  }

  /**
   * Steps {@code s} until every request of {@code all} (ids = indices) finished, each sampling
   * request accepting 0 to k + 1 random tokens (or, a quarter of the time, having no entry: one
   * token, id 0); checks invariants after every step and the outcome at the end.
   */
  private static void runAccepting(Scheduler s, List<Request> all, Random rnd, int k,
      boolean plainTables) {
    List<List<Integer>> expected = new ArrayList<>();
    all.forEach(r -> expected.add(new ArrayList<>()));
    BlockTables tables = new BlockTables();
    int finished = 0;
    long now = 0;
    for (int steps = 0; s.hasUnfinishedRequests(); steps++) {
      assertThat(steps).as("no request waits forever").isLessThan(20_000);
      StepPlan plan = s.schedule(now);
      tables.apply(plan);
      List<Long> ids = new ArrayList<>();
      List<int[]> accepted = new ArrayList<>();
      for (ScheduledRequest sr : plan.scheduled()) {
        if (plainTables) {
          assertThat(tables.table(sr.requestId())).containsExactly(s.blockTable(sr.requestId()));
        }
        Request r = all.get((int) sr.requestId());
        assertThat(sr.numTokens()).isEqualTo(r.numTokens());
        assertThat(sr.numPromptTokens()).isEqualTo(r.numPromptTokens());
        assertThat(sr.numCachedTokens()).isEqualTo(r.numCachedPromptTokens());
        if (sr.samples() && rnd.nextInt(4) > 0) {
          int[] a = rnd.ints(rnd.nextInt(k + 2), 1, 500).toArray();
          ids.add(sr.requestId());
          accepted.add(a);
          int keep = Math.min(a.length, r.targetOutputTokens() - r.numOutputTokens());
          for (int j = 0; j < keep; j++) {
            expected.get((int) sr.requestId()).add(a[j]);
          }
        } else if (sr.samples()) {
          expected.get((int) sr.requestId()).add(0); // no entry: one token, id 0
        }
      }
      StepResult result = new StepResult(ids.stream().mapToLong(Long::longValue).toArray(),
          accepted.toArray(new int[0][]));
      finished += s.update(plan, result).size();
      s.checkInvariants();
      now += plan.isEmpty() ? 10 : 1;
    }
    assertThat(finished).isEqualTo(all.size());
    for (Request r : all) {
      int[] t = r.tokenIds();
      List<Integer> out = new ArrayList<>();
      for (int i = r.numPromptTokens(); i < t.length; i++) {
        out.add(t[i]);
      }
      assertThat(out).as("request %d", r.requestId()).isEqualTo(expected.get((int) r.requestId()));
      assertThat(r.numOutputTokens()).isEqualTo(r.targetOutputTokens());
    }
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(s.config().numGpuBlocks());
    assertThat(s.kvCacheStats().numCpuBlocksUsed()).isZero();
  }
}
