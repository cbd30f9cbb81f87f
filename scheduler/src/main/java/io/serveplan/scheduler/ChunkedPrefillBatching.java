package io.serveplan.scheduler;

/**
 * {@link SchedulingPolicy#CHUNKED_PREFILL} (vLLM v1, Sarathi-Serve): running requests first
 * (decodes and ongoing chunks), then waiting prompts in chunks within the budget; {@code
 * longPrefillTokenThreshold} caps one prompt's share. No admission in a step that preempted.
 */
final class ChunkedPrefillBatching implements BatchingPolicy {

  @Override
  public void plan(StepPlanner step, long nowNs) {
    step.scheduleRunning();
    if (!step.preemptedThisStep()) {
      step.scheduleWaiting();
    }
  }

  @Override
  public int runningTokens(int numNewTokens, int budget, boolean stepEmpty, SchedulerConfig config) {
    return Math.min(capped(numNewTokens, config), budget); // 0 = budget spent: STOP
  }

  @Override
  public int admitTokens(int numNewTokens, int budget, boolean swapIn, boolean stepEmpty,
      SchedulerConfig config) {
    return Math.min(swapIn ? numNewTokens : capped(numNewTokens, config), budget);
  }

  private static int capped(int numNewTokens, SchedulerConfig config) {
    int threshold = config.longPrefillTokenThreshold();
    return threshold > 0 ? Math.min(numNewTokens, threshold) : numNewTokens;
  }

  @Override
  public int maxStepTokens(int maxTokens, SchedulerConfig config) {
    // a swap-in is not held to the long-prefill threshold, so the budget is the bound
    return Math.min(maxTokens, config.maxNumBatchedTokens());
  }
}
