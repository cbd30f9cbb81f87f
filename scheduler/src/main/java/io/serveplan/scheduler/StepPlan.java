package io.serveplan.scheduler;

import java.util.List;

/**
 * What the next step computes: requests scheduled for the first time, continuing and resumed
 * after preemption, with their token counts; requests preempted while planning it; requests
 * finished by the previous step (so a worker frees their state). Immutable lists.
 */
public record StepPlan(
    List<ScheduledRequest> newRequests,
    List<ScheduledRequest> continuingRequests,
    List<ScheduledRequest> resumedRequests,
    List<Long> preemptedRequestIds,
    List<Long> finishedRequestIds,
    int totalNumScheduledTokens,
    int numSwapInBlocks,
    int numSwapOutBlocks) {

  public StepPlan {
    newRequests = List.copyOf(newRequests);
    continuingRequests = List.copyOf(continuingRequests);
    resumedRequests = List.copyOf(resumedRequests);
    preemptedRequestIds = List.copyOf(preemptedRequestIds);
    finishedRequestIds = List.copyOf(finishedRequestIds);
  }

  public boolean isEmpty() {
    return totalNumScheduledTokens == 0;
  }

  /** Number of requests computing in this step. */
  public int numScheduledRequests() {
    return newRequests.size() + continuingRequests.size() + resumedRequests.size();
  }

  /** Every scheduled request: new, then continuing, then resumed. */
  public List<ScheduledRequest> scheduled() {
    if (continuingRequests.isEmpty() && resumedRequests.isEmpty()) {
      return newRequests;
    }
    java.util.ArrayList<ScheduledRequest> all = new java.util.ArrayList<>(numScheduledRequests());
    all.addAll(newRequests);
    all.addAll(continuingRequests);
    all.addAll(resumedRequests);
    return all;
  }
}
