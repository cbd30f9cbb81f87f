package io.serveplan.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The step contract: a {@link StepPlan} is data (counts, block ids, cached tokens, no live
 * request), a {@link StepResult} says how many tokens each request accepted (0 to k + 1), and
 * each {@link SchedulingPolicy} is its own {@link BatchingPolicy} class. Invariants after every
 * step.
 */
class StepContractTest {

  private static Scheduler scheduler(int budget) {
    return new Scheduler(new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 4, budget, 0, 4, 32,
        0, true, 0L, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L));
  }

  private static int[] prompt(int from, int n) {
    return IntStream.range(from, from + n).toArray();
  }

  private static List<Request> update(Scheduler s, StepPlan p, StepResult r) {
    List<Request> finished = s.update(p, r);
    s.checkInvariants();
    return finished;
  }

  private static StepResult accepted(long id, int... tokenIds) {
    return new StepResult(new long[] {id}, new int[][] {tokenIds});
  }

  private static int[] outputs(Request r) {
    int[] t = r.tokenIds();
    return java.util.Arrays.copyOfRange(t, r.numPromptTokens(), t.length);
  }

  @Test
  void thePlanCarriesEachRequestsCountsAndBlockIdsAsData() {
    Scheduler s = scheduler(64);
    s.addRequest(new Request(0, prompt(1, 10), 5, 0, 0, 0));

    StepPlan p1 = s.schedule(0);
    ScheduledRequest first = p1.newRequests().get(0);
    assertThat(first).extracting(ScheduledRequest::requestId, ScheduledRequest::numScheduledTokens,
        ScheduledRequest::numComputedTokensBefore, ScheduledRequest::numTokens,
        ScheduledRequest::numPromptTokens, ScheduledRequest::numCachedTokens,
        ScheduledRequest::isPrefill, ScheduledRequest::samples, ScheduledRequest::finishesPrompt)
        .containsExactly(0L, 10, 0, 10, 10, 0, true, true, true);
    assertThat(first.newBlockIds()).containsExactly(0, 1, 2);
    update(s, p1, StepResult.zeros());

    ScheduledRequest decode = s.schedule(0).continuingRequests().get(0);
    assertThat(decode).extracting(ScheduledRequest::numScheduledTokens,
        ScheduledRequest::numComputedTokensBefore, ScheduledRequest::numTokens,
        ScheduledRequest::isPrefill, ScheduledRequest::samples, ScheduledRequest::finishesPrompt)
        .containsExactly(1, 10, 11, false, true, false);
    assertThat(decode.newBlockIds()).isEmpty();
  }

  @Test
  void aPrefixHitIsAnExplicitFieldOfThePlanNotStateReadBackLater() {
    Scheduler s = scheduler(64);
    s.addRequest(new Request(0, prompt(1, 8), 3, 0, 0, 0));
    while (s.hasUnfinishedRequests()) {
      update(s, s.schedule(0), StepResult.zeros());
    }
    int[] longer = IntStream.concat(IntStream.of(prompt(1, 8)), IntStream.of(prompt(50, 4))).toArray();
    s.addRequest(new Request(1, longer, 3, 1, 0, 0));

    StepPlan admit = s.schedule(1);
    ScheduledRequest hit = admit.newRequests().get(0);
    assertThat(hit.numCachedTokens()).isEqualTo(8);
    assertThat(hit.numComputedTokensBefore()).isEqualTo(8);
    assertThat(hit.numScheduledTokens()).isEqualTo(4);
    // the whole table, the two cached blocks first: a worker needs nothing else
    assertThat(hit.newBlockIds()).containsExactly(0, 1, 3);
    assertThat(s.blockTable(1)).containsExactly(0, 1, 3);
    update(s, admit, StepResult.zeros());
    assertThat(s.schedule(2).continuingRequests().get(0).numCachedTokens()).isEqualTo(8);
  }

  @Test
  void acceptingKPlusOneTokensKeepsThemAndTheKvOfAllButTheNewest() {
    Scheduler s = scheduler(64);
    Request r = new Request(0, prompt(1, 5), 10, 0, 0, 0);
    s.addRequest(r);

    assertThat(update(s, s.schedule(0), accepted(0, 7, 8, 9))).isEmpty();

    assertThat(outputs(r)).containsExactly(7, 8, 9);
    assertThat(r.numTokens()).isEqualTo(8);
    assertThat(r.numComputedTokens()).isEqualTo(7); // prompt 5 + 2 accepted, in the 8 slots held
    ScheduledRequest next = s.schedule(0).continuingRequests().get(0);
    assertThat(next.numScheduledTokens()).isEqualTo(1);
    assertThat(next.numComputedTokensBefore()).isEqualTo(7);
    assertThat(next.isPrefill()).isFalse();
  }

  @Test
  void acceptedTokensPastTheHeldSlotsAreRecomputedByTheNextStepWithTheirBlocks() {
    Scheduler s = scheduler(64);
    Request r = new Request(0, prompt(1, 8), 10, 0, 0, 0);
    s.addRequest(r);
    update(s, s.schedule(0), accepted(0, 7, 8, 9)); // 8 tokens fill both blocks exactly

    assertThat(r.numComputedTokens()).isEqualTo(8);
    StepPlan next = s.schedule(0);
    ScheduledRequest catchUp = next.continuingRequests().get(0);
    assertThat(catchUp.numScheduledTokens()).isEqualTo(3);
    assertThat(catchUp.numComputedTokensBefore()).isEqualTo(8);
    assertThat(catchUp.newBlockIds()).hasSize(1);
    assertThat(catchUp.samples()).isTrue();
    update(s, next, accepted(0, 4));
    assertThat(outputs(r)).containsExactly(7, 8, 9, 4);
    assertThat(r.numComputedTokens()).isEqualTo(11);
  }

  @Test
  void acceptingNoTokenComputesTheLastPositionAgainSoTheNextStepSamples() {
    Scheduler s = scheduler(64);
    Request r = new Request(0, prompt(1, 5), 3, 0, 0, 0);
    s.addRequest(r);

    update(s, s.schedule(0), accepted(0));

    assertThat(r.numOutputTokens()).isZero();
    assertThat(r.numComputedTokens()).isEqualTo(4);
    StepPlan again = s.schedule(0);
    ScheduledRequest last = again.continuingRequests().get(0);
    assertThat(last.numScheduledTokens()).isEqualTo(1);
    assertThat(last.numComputedTokensBefore()).isEqualTo(4);
    assertThat(last.samples()).isTrue();
    assertThat(last.isPrefill()).isTrue(); // still the prompt's last token
    update(s, again, accepted(0, 42));
    update(s, s.schedule(0), accepted(0));
    assertThat(outputs(r)).containsExactly(42);
    assertThat(r.numComputedTokens()).isEqualTo(5);
    while (s.hasUnfinishedRequests()) {
      update(s, s.schedule(0), StepResult.zeros());
    }
    assertThat(outputs(r)).containsExactly(42, 0, 0);
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(32);
  }

  @Test
  void anEntryForARequestThatDidNotSampleIsRefusedAndNothingIsApplied() {
    Scheduler s = scheduler(4);
    Request r = new Request(0, prompt(1, 10), 3, 0, 0, 0);
    s.addRequest(r);
    StepPlan chunk = s.schedule(0); // 4 of 10 prompt tokens: no sample

    assertThatThrownBy(() -> s.update(chunk, accepted(0, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StepResult.requestIds: request 0 did not sample");
    assertThat(r.numComputedTokens()).isZero();

    update(s, chunk, StepResult.zeros());
    assertThat(r.numComputedTokens()).isEqualTo(4);
  }

  @Test
  void updateTakesOnlyTheLastPlanAndOnlyOnce() {
    Scheduler s = scheduler(64);
    s.addRequest(new Request(0, prompt(1, 4), 5, 0, 0, 0));
    StepPlan p = s.schedule(0);
    s.update(p, StepResult.zeros());

    assertThatThrownBy(() -> s.update(p, StepResult.zeros()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("applied already");
    StepPlan stale = s.schedule(0);
    s.update(stale, StepResult.zeros());
    s.schedule(0);
    assertThatThrownBy(() -> s.update(stale, StepResult.zeros()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aStepResultNeedsOneTokenArrayPerRequest() {
    assertThatThrownBy(() -> new StepResult(new long[] {1, 2}, new int[][] {{1}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("requestIds has 2 entries, acceptedTokenIds 1");
    assertThatThrownBy(() -> new StepResult(new long[] {1}, new int[][] {null}))
        .hasMessageContaining("acceptedTokenIds[0] (request 1): null");
    StepResult one = StepResult.oneTokenEach(new long[] {3, 4}, new int[] {7, 8});
    assertThat(one.numAcceptedTokens(1)).isEqualTo(1);
    assertThat(one.acceptedTokenId(1, 0)).isEqualTo(8);
    assertThat(one.totalAcceptedTokens()).isEqualTo(2);
    assertThat(one).isEqualTo(new StepResult(new long[] {3, 4}, new int[][] {{7}, {8}}));
  }

  @Test
  void eachSchedulingPolicyIsItsOwnBatchingPolicyClass() {
    assertThat(SchedulingPolicy.STATIC.create()).isInstanceOf(StaticBatching.class);
    assertThat(SchedulingPolicy.CONTINUOUS.create()).isInstanceOf(ContinuousBatching.class);
    assertThat(SchedulingPolicy.CHUNKED_PREFILL.create()).isInstanceOf(ChunkedPrefillBatching.class);
    assertThat(SchedulingPolicy.STATIC.create().budgeted()).isFalse();
    assertThat(SchedulingPolicy.CONTINUOUS.create().admitsWhileRunning()).isTrue();
  }

  @Test
  void blockTablesKeptFromThePlansAloneMatchTheSchedulersThroughPreemption() {
    // 6 blocks of 4: two requests of 8-token prompts and 12 outputs cannot both finish in place
    Scheduler s = new Scheduler(new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 4, 64, 0, 4,
        6, 0, false, 0L, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L));
    s.addRequest(new Request(0, prompt(1, 8), 12, 0, 0, 0));
    s.addRequest(new Request(1, prompt(30, 8), 12, 1, 0, 0));
    BlockTables tables = new BlockTables();
    boolean preempted = false;
    while (s.hasUnfinishedRequests()) {
      StepPlan p = s.schedule(0);
      tables.apply(p);
      preempted |= !p.preemptedRequestIds().isEmpty();
      for (ScheduledRequest sr : p.scheduled()) {
        assertThat(tables.table(sr.requestId())).as("request %d", sr.requestId())
            .containsExactly(s.blockTable(sr.requestId()));
      }
      update(s, p, StepResult.zeros());
    }
    assertThat(preempted).isTrue();
    tables.apply(s.schedule(0));
    assertThat(tables.size()).isZero();
  }
}
