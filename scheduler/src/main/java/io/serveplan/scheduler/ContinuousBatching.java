package io.serveplan.scheduler;

/**
 * {@link SchedulingPolicy#CONTINUOUS} (Orca, vLLM v0): iteration-level batching where a step
 * either prefills whole waiting prompts (they have priority) or decodes every running request
 * that fits the budget; a prompt longer than the whole budget runs alone rather than never.
 */
final class ContinuousBatching implements BatchingPolicy {

  @Override
  public void plan(StepPlanner step, long nowNs) {
    step.scheduleWaiting();
    if (step.scheduledTokens() == 0) {
      step.scheduleRunning();
    }
  }

  @Override
  public int runningTokens(int numNewTokens, int budget, boolean stepEmpty, SchedulerConfig config) {
    // A request behind by more than the whole budget (it accepted several tokens past its held
    // slots) runs alone rather than never; a decode is one token behind and always fits.
    boolean alone = stepEmpty && numNewTokens > config.maxNumBatchedTokens();
    return numNewTokens > budget && !alone ? SKIP : numNewTokens;
  }

  @Override
  public int admitTokens(int numNewTokens, int budget, boolean swapIn, boolean stepEmpty,
      SchedulerConfig config) {
    if (numNewTokens <= budget) {
      return numNewTokens;
    }
    boolean alone = !swapIn && stepEmpty && numNewTokens > config.maxNumBatchedTokens();
    return alone ? numNewTokens : STOP;
  }
}
