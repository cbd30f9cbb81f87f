package io.serveplan.scheduler;

/**
 * {@link SchedulingPolicy#STATIC}: a batch forms when {@code maxNumSeqs} requests wait or the
 * oldest has waited {@code staticBatchTimeoutNs}; it prefills whole prompts and runs, outside the
 * token budget, until every member finished; nobody joins meanwhile.
 */
final class StaticBatching implements BatchingPolicy {

  @Override
  public void plan(StepPlanner step, long nowNs) {
    if (step.hasRunning()) {
      step.scheduleRunning();
    } else if (step.numWaiting() > 0 && (step.numWaiting() >= step.config().maxNumSeqs()
        || nowNs >= nextScheduleTimeNs(step))) {
      step.scheduleWaiting();
    }
  }

  @Override
  public int runningTokens(int numNewTokens, int budget, boolean stepEmpty, SchedulerConfig config) {
    return numNewTokens;
  }

  @Override
  public int admitTokens(int numNewTokens, int budget, boolean swapIn, boolean stepEmpty,
      SchedulerConfig config) {
    return numNewTokens;
  }

  @Override
  public boolean budgeted() {
    return false;
  }

  @Override
  public boolean admitsWhileRunning() {
    return false;
  }

  @Override
  public long nextScheduleTimeNs(StepPlanner step) {
    if (step.hasRunning() || step.numWaiting() == 0) {
      return Long.MAX_VALUE;
    }
    long oldest = step.oldestWaitingArrivalNs();
    long timeout = step.config().staticBatchTimeoutNs();
    return oldest > Long.MAX_VALUE - timeout ? Long.MAX_VALUE : oldest + timeout;
  }
}
