package io.serveplan.scheduler;

import static io.serveplan.scheduler.SchedulerScenarioTest.tokens;
import static io.serveplan.scheduler.kv.HybridKvCacheManager.FREED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.scheduler.kv.KvCacheGroup;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hybrid models through the {@link Scheduler}: tiny pools (blocks of 4 tokens), explicit block ids,
 * invariants after every step. Group 0 is always the full-attention group.
 */
class HybridSchedulerScenarioTest {

  private static final int BS = 4;

  static SchedulerConfig hybrid(int blocks, int maxSeqs, int budget, List<KvCacheGroup> groups) {
    return new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, maxSeqs, budget, 0, BS, blocks, 0,
        false, 7L, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L, groups);
  }

  private static StepPlan step(Scheduler s, List<Request> done) {
    return SchedulerScenarioTest.step(s, done);
  }

  @Test
  void slidingWindowBlocksBeyondTheWindowReturnToThePoolWhileTheRequestRuns() {
    Scheduler s = new Scheduler(hybrid(12, 4, 16,
        List.of(KvCacheGroup.full(), KvCacheGroup.sliding(8, 0))));
    Request a = new Request(1, tokens(0, 8), 12, 0, 0, 0);
    s.addRequest(a);
    List<Request> done = new ArrayList<>();

    // the 8-token prompt: two blocks in each group, full first
    assertThat(step(s, done).newRequests()).singleElement()
        .satisfies(sr -> assertThat(sr.newBlockIds()).containsExactly(0, 1, 2, 3));
    // token 8 opens a third block in each group
    assertThat(step(s, done).continuingRequests().get(0).newBlockIds()).containsExactly(4, 5);
    step(s, done); // computes token 9
    step(s, done); // computes token 10
    assertThat(s.blockPool().isFree(2)).isFalse();
    // token 11 attends to 4..11: the sliding group's first block (tokens 0..3) goes back
    assertThat(step(s, done).continuingRequests().get(0).newBlockIds()).isEmpty();
    assertThat(s.blockPool().isFree(2)).isTrue();
    assertThat(s.blockTable(1, 1)).containsExactly(FREED, 3, 5);
    assertThat(s.blockTable(1, 0)).containsExactly(0, 1, 4);
    // token 12 takes the free queue's head for each group; block 2 waits at its tail
    assertThat(step(s, done).continuingRequests().get(0).newBlockIds()).containsExactly(6, 7);
    assertThat(s.blockTable(1, 1)).containsExactly(FREED, 3, 5, 7);
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(12 - 4 - 3);

    int maxSliding = 0;
    while (s.hasUnfinishedRequests()) {
      step(s, done);
      if (s.hasUnfinishedRequests()) {
        maxSliding = Math.max(maxSliding, heldIn(s.blockTable(1, 1)));
      }
    }
    // the full group grew to ceil(19 / 4) = 5 blocks; the sliding one never held more than 3
    assertThat(maxSliding).isEqualTo(3);
    assertThat(done).containsExactly(a);
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(12);
  }

  @Test
  void aLinearGroupHoldsExactlyItsStatePerRunningSequenceAndPreemptsWhenThePoolRunsOut() {
    Scheduler s = new Scheduler(hybrid(9, 4, 32,
        List.of(KvCacheGroup.full(), KvCacheGroup.state(2))));
    Request a = new Request(1, tokens(0, 6), 6, 0, 0, 0);
    Request b = new Request(2, tokens(50, 6), 6, 1, 0, 0);
    s.addRequest(a);
    s.addRequest(b);
    List<Request> done = new ArrayList<>();

    StepPlan p1 = step(s, done);
    assertThat(p1.newRequests()).extracting(sr -> List.of(sr.newBlockIds()[0], sr.newBlockIds()[1],
        sr.newBlockIds()[2], sr.newBlockIds()[3])).containsExactly(List.of(0, 1, 2, 3),
        List.of(4, 5, 6, 7));
    assertThat(s.blockTable(1, 1)).containsExactly(2, 3);
    assertThat(s.blockTable(2, 1)).containsExactly(6, 7);
    step(s, done); // tokens 6
    step(s, done); // tokens 7: both still in two full blocks, the state never grows
    assertThat(s.blockTable(1, 1)).containsExactly(2, 3);
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(1);

    // token 8 needs a third full block each; the pool has one: a takes it, b (last admitted) goes
    StepPlan p4 = step(s, done);
    assertThat(p4.continuingRequests()).singleElement()
        .satisfies(sr -> assertThat(sr.newBlockIds()).containsExactly(8));
    assertThat(p4.preemptedRequestIds()).containsExactly(2L);
    assertThat(b.status()).isEqualTo(RequestStatus.PREEMPTED);
    assertThat(b.numComputedTokens()).isZero();
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(4); // b's 2 full + 2 state blocks
    assertThat(s.blockTable(1, 1)).containsExactly(2, 3);

    // b needs 3 full blocks for its 9 known tokens + 2 of state = 5 > 4: it waits for a
    while (a.status() != RequestStatus.FINISHED) {
      StepPlan p = step(s, done);
      assertThat(p.newRequests()).isEmpty();
      assertThat(p.resumedRequests()).isEmpty();
    }
    StepPlan resumed = step(s, done);
    assertThat(resumed.resumedRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.numScheduledTokens()).isEqualTo(9);
      assertThat(sr.newBlockIds()).hasSize(5);
    });
    assertThat(s.blockTable(2, 1)).hasSize(2).doesNotContain(FREED);
    while (s.hasUnfinishedRequests()) {
      step(s, done);
      if (s.hasUnfinishedRequests()) {
        assertThat(s.blockTable(2, 1)).hasSize(2).doesNotContain(FREED);
      }
    }
    assertThat(done).containsExactly(a, b);
    assertThat(b.numOutputTokens()).isEqualTo(6);
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(9);
  }

  @Test
  void aRequestIsRefusedOnlyWhenItsPeakPerGroupDemandExceedsThePool() {
    // 64 tokens: 16 full blocks; the sliding group never holds more than its window's 3 + a chunk
    Scheduler s = new Scheduler(hybrid(22, 4, 4,
        List.of(KvCacheGroup.full(), KvCacheGroup.sliding(8, 0))));
    s.addRequest(new Request(1, tokens(0, 60), 5, 0, 0, 0));
    List<Request> done = new ArrayList<>();
    while (s.hasUnfinishedRequests()) {
      step(s, done);
    }
    assertThat(done).hasSize(1);
    // all layers full, the same request needs 2 × 16 blocks
    Scheduler allFull = new Scheduler(hybrid(22, 4, 4,
        List.of(KvCacheGroup.full(), KvCacheGroup.full())));
    assertThatThrownBy(() -> allFull.addRequest(new Request(1, tokens(0, 60), 5, 0, 0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("request 1 needs 32 KV blocks but the pool has only 22");
  }

  @Test
  void prefixCachingIsRefusedForAHybridConfig() {
    assertThatThrownBy(() -> new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 4, 16, 0, BS, 8,
        0, true, 0L, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L,
        List.of(KvCacheGroup.full(), KvCacheGroup.sliding(8, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prefixCaching: must be false with kvCacheGroups");
    assertThat(SchedulerConfig.defaults(8).withKvCacheGroups(List.of(KvCacheGroup.full(),
        KvCacheGroup.state(1))).prefixCaching()).isFalse();
  }

  private static int heldIn(int[] table) {
    int n = 0;
    for (int b : table) {
      n += b == FREED ? 0 : 1;
    }
    return n;
  }
}
