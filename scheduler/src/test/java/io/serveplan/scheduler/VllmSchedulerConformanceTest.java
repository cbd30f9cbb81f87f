package io.serveplan.scheduler;

import static io.serveplan.scheduler.VllmConformance.createRequests;
import static io.serveplan.scheduler.VllmConformance.ids;
import static io.serveplan.scheduler.VllmConformance.step;
import static io.serveplan.scheduler.VllmConformance.tokensOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * vLLM tests/v1/core/test_scheduler.py (FCFS and chunked prefill), expressed against
 * {@link Scheduler}. vLLM's {@code update_from_output} with one sampled token per request that
 * caught up is our {@code update(plan, StepResult.zeros())}; priority cases are in
 * {@link VllmPriorityConformanceTest}.
 */
class VllmSchedulerConformanceTest {

  @Test
  @DisplayName("mirrors test_scheduler.py::test_add_requests")
  void addedRequestsWaitInOrder() {
    Scheduler s = new Scheduler(VllmConformance.defaults());
    List<Request> requests = createRequests(10, 10, 16);
    for (int i = 0; i < requests.size(); i++) {
      s.addRequest(requests.get(i));
      assertThat(s.numWaiting()).isEqualTo(i + 1);
      assertThat(requests.get(i).status()).isEqualTo(RequestStatus.WAITING);
    }
    assertThat(s.hasUnfinishedRequests()).isTrue();
    assertThat(s.numRunning()).isZero();
  }

  @ParameterizedTest(name = "prefix caching {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("mirrors test_scheduler.py::test_schedule")
  void aFirstStepAdmitsEveryPromptWholeInArrivalOrder(boolean prefixCaching) {
    Scheduler s = new Scheduler(VllmConformance.config(16, 8192, 0, 10_000, prefixCaching,
        QueueOrder.FCFS));
    List<Request> requests = createRequests(10, 10, 16);
    requests.forEach(s::addRequest);

    StepPlan p = s.schedule(0);

    assertThat(p.newRequests()).hasSize(10);
    assertThat(p.continuingRequests()).isEmpty();
    assertThat(p.finishedRequestIds()).isEmpty();
    assertThat(p.newRequests()).allSatisfy(sr -> assertThat(sr.numScheduledTokens()).isEqualTo(10));
    assertThat(s.numWaiting()).isZero();
    assertThat(s.runningRequests()).containsExactlyElementsOf(requests);
    s.checkInvariants();
  }

  @ParameterizedTest(name = "prefix caching {0}")
  @ValueSource(booleans = {false, true})
  @DisplayName("mirrors test_scheduler.py::test_schedule_concurrent_partial_requests")
  void longPromptsShareTheBudgetInChunksCappedByTheLongPrefillThreshold(boolean prefixCaching) {
    Scheduler s = new Scheduler(VllmConformance.config(16, 1024, 400, 10_000, prefixCaching,
        QueueOrder.FCFS));
    List<Request> r = createRequests(3, 800, 16);
    r.forEach(s::addRequest);

    StepPlan p1 = step(s);
    assertThat(p1.newRequests()).extracting(ScheduledRequest::numScheduledTokens)
        .containsExactly(400, 400, 224);

    StepPlan p2 = step(s);
    assertThat(s.numRunning()).isEqualTo(3);
    assertThat(p2.newRequests()).isEmpty();
    assertThat(p2.continuingRequests()).extracting(ScheduledRequest::numScheduledTokens)
        .containsExactly(400, 400, 224);

    StepPlan p3 = step(s);
    assertThat(p3.continuingRequests()).extracting(ScheduledRequest::numScheduledTokens)
        .containsExactly(1, 1, 800 - 224 - 224);
    assertThat(p3.continuingRequests()).extracting(ScheduledRequest::isPrefill)
        .containsExactly(false, false, true);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_schedule_order (chunked prefill on)")
  void withChunkedPrefillALongPromptIsChunkedAndTheNextOneStarts() {
    Scheduler s = new Scheduler(VllmConformance.config(3, 1024, 0, 10_000, false, QueueOrder.FCFS));
    createRequests(2, 800, 16).forEach(s::addRequest);
    s.addRequest(new Request(2, VllmConformance.repeat(2, 10), 16, 2, 0, 0));
    s.addRequest(new Request(3, VllmConformance.repeat(3, 10), 16, 3, 0, 0));

    StepPlan p = s.schedule(0);

    assertThat(ids(p.newRequests())).containsExactly(0L, 1L);
    assertThat(p.newRequests()).extracting(ScheduledRequest::numScheduledTokens)
        .containsExactly(800, 224);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_schedule_order (chunked prefill off)")
  void withoutChunkingShortPromptsDoNotJumpAheadOfALongOneThatDoesNotFit() {
    // ServePlan's "continuous" policy is vLLM without chunked prefill: whole prompts only.
    SchedulerConfig c = VllmConformance.config(3, 1024, 0, 10_000, false, QueueOrder.FCFS)
        .withPolicy(SchedulingPolicy.CONTINUOUS);
    Scheduler s = new Scheduler(c);
    createRequests(2, 800, 16).forEach(s::addRequest);
    s.addRequest(new Request(2, VllmConformance.repeat(2, 10), 16, 2, 0, 0));
    s.addRequest(new Request(3, VllmConformance.repeat(3, 10), 16, 3, 0, 0));

    StepPlan p = s.schedule(0);

    assertThat(ids(p.newRequests())).containsExactly(0L);
    assertThat(s.numWaiting()).isEqualTo(3);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_stop_via_update_from_output (case 3: max tokens)")
  void aRequestFinishesWhenItReachesItsOutputCountAndIsReportedNextStep() {
    // EOS, stop tokens and ignore_eos (cases 1, 2, 4) are not applicable: a ServePlan request
    // produces exactly its output count, as benchmark workloads fix it.
    Scheduler s = new Scheduler(VllmConformance.defaults());
    Request a = addRequest(s, 0, 2);
    Request b = addRequest(s, 1, 10);
    List<Request> finished = new ArrayList<>();
    step(s, finished);
    step(s, finished);

    assertThat(finished).containsExactly(a);
    assertThat(a.status()).isEqualTo(RequestStatus.FINISHED);
    assertThat(a.finishReason()).isEqualTo("length");
    assertThat(a.numOutputTokens()).isEqualTo(2);
    assertThat(s.runningRequests()).containsExactly(b);
    assertThat(s.schedule(0).finishedRequestIds()).containsExactly(0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_stop_via_update_from_output (case 3: max tokens, tokens accepted past it)")
  void acceptedTokensPastTheOutputCountAreDroppedAndTheRequestFinishes() {
    // vLLM's worker returns [10, 11, 12] for a request of max_tokens 2 and [13] for the other:
    // the first keeps [10, 11] and finishes by length, the second keeps [13] and runs on.
    Scheduler s = new Scheduler(VllmConformance.defaults());
    Request a = addRequest(s, 0, 2);
    Request b = addRequest(s, 1, 2);
    StepPlan p = s.schedule(0);

    List<Request> finished = s.update(p, new StepResult(new long[] {0, 1},
        new int[][] {{10, 11, 12}, {13}}));
    s.checkInvariants();

    assertThat(finished).containsExactly(a);
    assertThat(a.finishReason()).isEqualTo("length");
    assertThat(outputs(a)).containsExactly(10, 11);
    assertThat(outputs(b)).containsExactly(13);
    assertThat(s.runningRequests()).containsExactly(b);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_stop_via_update_from_output (case 1: a request accepting two tokens continues)")
  void aRequestAcceptingSeveralTokensKeepsThemAndDecodesOn() {
    // EOS (the first request of vLLM's case 1) is not applicable; the second request accepts
    // [10, 11] in one step and keeps running. Its KV covers every token but the newest, so its
    // next step is a one-token decode.
    Scheduler s = new Scheduler(VllmConformance.defaults());
    Request b = addRequest(s, 1, 10);
    StepPlan p = s.schedule(0);

    assertThat(s.update(p, new StepResult(new long[] {1}, new int[][] {{10, 11}}))).isEmpty();
    s.checkInvariants();

    assertThat(outputs(b)).containsExactly(10, 11);
    assertThat(b.numComputedTokens()).isEqualTo(11);
    StepPlan next = s.schedule(0);
    assertThat(tokensOf(next, 1)).isEqualTo(1);
    assertThat(next.continuingRequests().get(0).isPrefill()).isFalse();
  }

  /** Request {@code id} of a 10-token prompt {@code [id] * 10}, arrival {@code id}. */
  private static Request addRequest(Scheduler s, int id, int maxTokens) {
    Request r = new Request(id, VllmConformance.repeat(id, 10), maxTokens, id, 0, 0);
    s.addRequest(r);
    return r;
  }

  private static List<Integer> outputs(Request r) {
    int[] t = r.tokenIds();
    List<Integer> out = new ArrayList<>();
    for (int i = r.numPromptTokens(); i < t.length; i++) {
      out.add(t[i]);
    }
    return out;
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_no_spec_tokens_scheduled_for_prefill_chunks (chunk sizes)")
  void aPromptLongerThanTheBudgetRunsAsAFullChunkThenTheRest() {
    Scheduler s = new Scheduler(VllmConformance.config(16, 50, 0, 10_000, false, QueueOrder.FCFS));
    Request r = createRequests(1, 80, 16).get(0);
    s.addRequest(r);

    assertThat(tokensOf(step(s), 0)).isEqualTo(50);
    assertThat(r.numOutputTokens()).as("no token sampled mid-prefill").isZero();
    assertThat(r.numComputedTokens()).isEqualTo(50);
    StepPlan p2 = step(s);
    assertThat(tokensOf(p2, 0)).isEqualTo(30);
    assertThat(r.numOutputTokens()).isEqualTo(1);
    assertThat(tokensOf(step(s), 0)).isEqualTo(1);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_memory_leak")
  void manyRequestsRunToCompletionAndLeaveEveryBlockFree() {
    Scheduler s = new Scheduler(VllmConformance.config(16, 8192, 0, 10_000, true, QueueOrder.FCFS));
    List<Request> requests = createRequests(100, 32, 16);
    List<Request> finished = new ArrayList<>();
    for (Request r : requests) {
      s.addRequest(r);
      step(s, finished);
    }
    while (s.hasUnfinishedRequests()) {
      step(s, finished);
    }
    assertThat(finished).hasSize(100);
    assertThat(s.numRunning()).isZero();
    assertThat(s.numWaiting()).isZero();
    assertThat(s.blockPool().numFreeBlocks()).isEqualTo(10_000);
    for (int b = 0; b < 10_000; b++) {
      assertThat(s.blockPool().refCount(b)).isZero();
    }
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_prefix_cache_stats_not_recorded_when_caching_disabled")
  void withCachingOffQueriesAreStillCountedButNeverHit() {
    // Differs: vLLM records nothing without a lookup; ServePlan counts every admission as a
    // query, with or without caching. The hit rate (hits / queries) is 0 either way.
    Scheduler s = new Scheduler(VllmConformance.defaults());
    createRequests(2, 10, 16).forEach(s::addRequest);
    step(s);
    assertThat(s.kvCacheStats().prefixQueryTokens()).isEqualTo(20);
    assertThat(s.kvCacheStats().prefixHitTokens()).isZero();
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_preemption_re_records_prefix_cache_query")
  void aRecomputedRequestQueriesThePrefixCacheAgainOnResume() {
    // vLLM keeps the re-query in separate "preempted" counters; ServePlan adds it to the same
    // counters (a resumed recompute is a lookup like any other); numCachedPromptTokens stays the
    // first admission's.
    Scheduler s = new Scheduler(new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 4, 64, 0, 4,
        4, 0, true, 0, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0));
    Request a = new Request(0, VllmConformance.range(0, 7), 4, 0, 0, 0);
    Request b = new Request(1, VllmConformance.range(20, 27), 4, 1, 0, 0);
    s.addRequest(a);
    s.addRequest(b);
    step(s);
    step(s);
    assertThat(s.kvCacheStats().prefixQueryTokens()).isEqualTo(14);
    assertThat(step(s).preemptedRequestIds()).containsExactly(1L);
    while (a.status() != RequestStatus.FINISHED) {
      step(s);
    }
    StepPlan resume = step(s);
    assertThat(ids(resume.resumedRequests())).containsExactly(1L);
    // b looks up 7 prompt + 2 output tokens again: its first block is still cached, its second
    // was evicted when a took that block.
    assertThat(s.kvCacheStats().prefixQueryTokens()).isEqualTo(14 + 9);
    assertThat(resume.resumedRequests().get(0).numComputedTokensBefore()).isEqualTo(4);
    assertThat(b.numCachedPromptTokens()).isZero();
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_prefix_cache_stats_counted_once_for_retried_then_scheduled_request")
  void aHitThatCouldNotBeAllocatedIsCountedOnceWhenItIsAdmitted() {
    SchedulerConfig c = new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 16, 8192, 0, 16, 4,
        0, true, 0, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0);
    Scheduler s = new Scheduler(c);
    Request seed = new Request(0, VllmConformance.repeat(0, 32), 2, 0, 0, 0);
    s.addRequest(seed);
    while (s.hasUnfinishedRequests()) {
      step(s);
    }
    long queriesBefore = s.kvCacheStats().prefixQueryTokens();
    long hitsBefore = s.kvCacheStats().prefixHitTokens();

    // A blocker takes the 2 uncached free blocks, so the retried request (3 blocks, 2 of them a
    // hit on free cached blocks) cannot be allocated until the blocker finishes.
    Request blocker = new Request(1, VllmConformance.repeat(1, 20), 2, 1, 0, 0);
    Request retried = new Request(2, VllmConformance.repeat(0, 48), 1, 2, 0, 0);
    s.addRequest(blocker);
    s.addRequest(retried);
    StepPlan first = step(s);
    assertThat(ids(first.newRequests())).containsExactly(1L);
    assertThat(s.kvCacheStats().prefixQueryTokens() - queriesBefore).isEqualTo(20);
    while (retried.status() == RequestStatus.WAITING) {
      step(s);
    }
    assertThat(s.kvCacheStats().prefixQueryTokens() - queriesBefore).isEqualTo(20 + 48);
    assertThat(s.kvCacheStats().prefixHitTokens() - hitsBefore).isEqualTo(32);
    assertThat(retried.numCachedPromptTokens()).isEqualTo(32);
  }
}
