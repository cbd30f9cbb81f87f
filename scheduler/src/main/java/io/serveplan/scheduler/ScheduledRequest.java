package io.serveplan.scheduler;

/**
 * One request's share of a step.
 *
 * @param numScheduledTokens tokens computed for this request in this step
 * @param numComputedTokensBefore tokens whose KV existed before the step (positions start here)
 * @param newBlockIds blocks added to its table by this step (empty array when none)
 * @param isPrefill whether the step computes prompt (or recomputed) tokens rather than one decode token
 * @param request the live request; {@link Request#blockTable()} is its table during this step
 */
public record ScheduledRequest(
    long requestId,
    int numScheduledTokens,
    int numComputedTokensBefore,
    int[] newBlockIds,
    boolean isPrefill,
    Request request) {

  /** The request's whole block table (a copy, valid for this step). */
  public int[] blockTable() {
    return request.blockTable();
  }

  /** Context length this step's last token attends to. */
  public int contextLengthAfter() {
    return numComputedTokensBefore + numScheduledTokens;
  }
}
