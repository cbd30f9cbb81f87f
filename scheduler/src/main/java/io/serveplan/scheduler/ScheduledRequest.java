package io.serveplan.scheduler;

/**
 * One request's share of a step, as plain data: no live {@link Request}, nothing that changes
 * after {@link Scheduler#schedule} returned. A worker that keeps its own block tables rebuilds
 * them from {@link #newBlockIds} (see {@link BlockTables}).
 *
 * @param requestId the request
 * @param numScheduledTokens tokens computed for this request in this step
 * @param numComputedTokensBefore tokens whose KV existed before the step (positions start here);
 *     for a request admitted by this step (new, or resumed by recompute) that is its prefix-cache
 *     hit
 * @param numTokens the request's known tokens (prompt plus outputs so far) when planned: the step
 *     samples when {@code numComputedTokensBefore + numScheduledTokens} reaches it
 * @param numPromptTokens the request's prompt length
 * @param numCachedTokens prompt tokens found in the prefix cache at the request's first admission
 *     (vLLM's {@code num_cached_tokens}; what a benchmark reports as cached)
 * @param newBlockIds blocks this step adds to the request's table; for a request in {@link
 *     StepPlan#newRequests()} or {@link StepPlan#resumedRequests()} its whole table (prefix hits
 *     included). A hybrid model lists the new blocks of every KV-cache group in group order. Empty
 *     when none; do not modify
 * @param isPrefill whether the step computes prompt (or recomputed) tokens rather than one decode
 *     token
 */
public record ScheduledRequest(
    long requestId,
    int numScheduledTokens,
    int numComputedTokensBefore,
    int numTokens,
    int numPromptTokens,
    int numCachedTokens,
    int[] newBlockIds,
    boolean isPrefill) {

  /** Context length this step's last token attends to. */
  public int contextLengthAfter() {
    return numComputedTokensBefore + numScheduledTokens;
  }

  /** Whether this step reaches the request's last known token, so that it samples (accepts) tokens. */
  public boolean samples() {
    return numComputedTokensBefore + numScheduledTokens >= numTokens;
  }

  /** Whether this step computes the prompt's last token (the step of the first output token). */
  public boolean finishesPrompt() {
    return numComputedTokensBefore < numPromptTokens
        && numComputedTokensBefore + numScheduledTokens >= numPromptTokens;
  }
}
