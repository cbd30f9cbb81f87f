package io.serveplan.scheduler;

import static io.serveplan.scheduler.VllmConformance.ids;
import static io.serveplan.scheduler.VllmConformance.step;
import static io.serveplan.scheduler.VllmConformance.withPriority;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * vLLM tests/v1/core/test_scheduler.py, the {@code test_priority_scheduling_*} cases
 * ({@code create_scheduler_with_priority}: chunked prefill, blocks of 16, priority policy).
 * vLLM reads its waiting heap directly; ServePlan's queue is private, so the waiting order is
 * read from the order in which requests are admitted once room appears.
 */
class VllmPriorityConformanceTest {

  private static Scheduler scheduler(int maxNumSeqs, int budget, int numBlocks) {
    return new Scheduler(VllmConformance.config(maxNumSeqs, budget, 0, numBlocks, false,
        QueueOrder.PRIORITY));
  }

  /** Adds requests i = 0.. with the given priorities and arrival times, 10 tokens each. */
  private static List<Request> add(Scheduler s, int[] priorities, long[] arrivals, int maxTokens) {
    List<Request> out = new ArrayList<>();
    for (int i = 0; i < priorities.length; i++) {
      Request r = withPriority(i, priorities[i], arrivals[i], 10, maxTokens);
      s.addRequest(r);
      out.add(r);
    }
    return out;
  }

  /** Runs one request at a time (maxNumSeqs 1, one output each) and returns the admission order. */
  private static List<Long> admissionOrder(Scheduler s) {
    List<Long> order = new ArrayList<>();
    while (s.hasUnfinishedRequests()) {
      order.addAll(ids(step(s).newRequests()));
    }
    return order;
  }

  /** Everything fits: the first step admits all of them, in this order. */
  private static void assertFirstStepAdmits(int[] priorities, long[] arrivals, Long... order) {
    Scheduler s = scheduler(16, 8192, 10_000);
    add(s, priorities, arrivals, 16);
    assertThat(ids(s.schedule(0).newRequests())).containsExactly(order);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_basic_ordering")
  void lowerPriorityValueIsAdmittedFirst() {
    assertFirstStepAdmits(new int[] {2, 0, 1}, new long[] {1, 2, 3}, 1L, 2L, 0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_arrival_time_tiebreaker")
  void equalPrioritiesAreAdmittedByArrivalTime() {
    assertFirstStepAdmits(new int[] {1, 1, 1}, new long[] {3, 1, 2}, 1L, 2L, 0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_mixed_priority_and_arrival")
  void priorityComesFirstThenArrival() {
    assertFirstStepAdmits(new int[] {2, 1, 1, 0}, new long[] {1, 3, 2, 4}, 3L, 2L, 1L, 0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_fcfs_fallback")
  void allEqualPrioritiesIsFirstComeFirstServed() {
    assertFirstStepAdmits(new int[] {1, 1, 1, 1}, new long[] {4, 1, 3, 2}, 1L, 3L, 2L, 0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_with_limited_slots")
  void maxNumSeqsAdmitsTheBestTwoAndTheRestWaitInPriorityOrder() {
    Scheduler s = scheduler(2, 1000, 10_000);
    add(s, new int[] {3, 1, 2, 0}, new long[] {1, 2, 3, 4}, 1);
    StepPlan p = step(s);
    assertThat(ids(p.newRequests())).containsExactlyInAnyOrder(3L, 1L);
    assertThat(s.numWaiting()).isEqualTo(2);
    assertThat(ids(step(s).newRequests())).containsExactly(2L, 0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_preemption_victim_selection / waiting_queue_order")
  void oneSeatServesTheWaitingQueueInPriorityOrder() {
    Scheduler s = scheduler(1, 8192, 10_000);
    add(s, new int[] {3, 1, 2, 0}, new long[] {1, 2, 3, 4}, 1);
    assertThat(admissionOrder(s)).containsExactly(3L, 1L, 2L, 0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_equal_priority_preemption")
  void oneSeatServesEqualPrioritiesByArrival() {
    Scheduler s = scheduler(1, 8192, 10_000);
    add(s, new int[] {2, 2, 2}, new long[] {3, 1, 2}, 1);
    assertThat(admissionOrder(s)).containsExactly(1L, 2L, 0L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_heap_property")
  void requestsAreServedInSortedPriorityOrder() {
    Scheduler s = scheduler(1, 8192, 10_000);
    int[] priorities = {5, 1, 8, 3, 2, 7, 4, 6};
    long[] arrivals = {0, 1, 2, 3, 4, 5, 6, 7};
    List<Request> requests = add(s, priorities, arrivals, 1);
    List<Integer> served = admissionOrder(s).stream()
        .map(id -> requests.get(id.intValue()).priority()).toList();
    assertThat(served).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_no_preemption_when_space_available")
  void aHighPriorityArrivalIsAdmittedWithoutPreemptingWhenThereIsRoom() {
    Scheduler s = scheduler(3, 200, 10_000);
    s.addRequest(withPriority(0, 5, 1, 30, 16));
    s.addRequest(withPriority(1, 5, 2, 30, 16));
    step(s);
    s.addRequest(withPriority(2, 0, 3, 30, 16));
    StepPlan p = step(s);
    assertThat(ids(p.newRequests())).containsExactly(2L);
    assertThat(p.preemptedRequestIds()).isEmpty();
    assertThat(s.numRunning()).isEqualTo(3);
    assertThat(s.numWaiting()).isZero();
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_preemption")
  void underBlockPressureTheLowPriorityRequestIsPreemptedEvenIfScheduledFirst() {
    Scheduler s = scheduler(3, 200, 5); // vLLM: 6 blocks, 1 null
    Request lo = withPriority(0, 5, 1, 32, 16);
    s.addRequest(lo);
    assertThat(step(s).newRequests()).hasSize(1); // lo: 2 blocks, then 33 tokens

    Request hi = withPriority(1, 0, 2, 32, 16);
    s.addRequest(hi);
    StepPlan p2 = step(s); // lo takes a 3rd block, hi 2: pool full
    assertThat(ids(p2.newRequests())).containsExactly(1L);
    assertThat(s.blockPool().numFreeBlocks()).isZero();

    StepPlan p3 = step(s); // hi needs a 3rd block: lo (priority 5) goes, though it ran first
    assertThat(p3.preemptedRequestIds()).containsExactly(0L);
    assertThat(lo.status()).isEqualTo(RequestStatus.PREEMPTED);
    assertThat(s.runningRequests()).containsExactly(hi);
    assertThat(ids(p3.continuingRequests())).containsExactly(1L);
  }

  @Test
  @DisplayName("mirrors test_scheduler.py::test_priority_scheduling_preemption_and_resumption_when_out_of_kv")
  void thePreemptedLowPriorityRequestResumesWithItsOutputsRecomputed() {
    Scheduler s = scheduler(2, 200, 4); // vLLM: 5 blocks, 1 null
    Request lo = withPriority(0, 1, 0, 30, 16);
    s.addRequest(lo);
    step(s);
    Request hi = withPriority(1, 0, 1, 32, 2);
    s.addRequest(hi);
    StepPlan p2 = step(s);
    assertThat(s.blockPool().numFreeBlocks()).isZero();
    assertThat(p2.newRequests()).hasSize(1);
    assertThat(p2.continuingRequests()).hasSize(1);

    List<Request> finished = new ArrayList<>();
    StepPlan p3 = step(s, finished);
    assertThat(p3.newRequests()).isEmpty();
    assertThat(ids(p3.continuingRequests())).containsExactly(1L);
    assertThat(p3.preemptedRequestIds()).containsExactly(0L);
    assertThat(p3.totalNumScheduledTokens()).as("lo's token given back to the budget").isEqualTo(1);
    assertThat(s.numWaiting()).isEqualTo(1);
    assertThat(finished).containsExactly(hi); // 2 outputs: finished (vLLM aborts it instead)

    StepPlan p4 = step(s);
    assertThat(s.numWaiting()).isZero();
    assertThat(s.runningRequests()).containsExactly(lo);
    assertThat(p4.finishedRequestIds()).containsExactly(1L);
    assertThat(p4.resumedRequests()).singleElement().satisfies(sr -> {
      assertThat(sr.requestId()).isZero();
      assertThat(sr.numScheduledTokens()).isEqualTo(32); // 30 prompt + 2 outputs recomputed
      assertThat(sr.isPrefill()).isTrue();
    });
  }
}
