package io.serveplan.scheduler;

/**
 * How a step's batch is formed: which passes of the {@link StepPlanner} run in which order, and
 * how many tokens each request may take under the step's token budget. One class per {@link
 * SchedulingPolicy}, made by {@link SchedulingPolicy#create()}; stateless.
 */
sealed interface BatchingPolicy permits StaticBatching, ContinuousBatching, ChunkedPrefillBatching {

  /** {@link #runningTokens} answer: leave this request out of the step and go on. */
  int SKIP = -1;
  /** {@link #runningTokens} / {@link #admitTokens} answer: end the pass here. */
  int STOP = 0;

  /** Runs this policy's passes for the step being planned at {@code nowNs}. */
  void plan(StepPlanner step, long nowNs);

  /**
   * Tokens a running request computes this step, given the {@code numNewTokens} it is behind and
   * the {@code budget} left ({@code stepEmpty} when nothing is scheduled yet this step); or {@link
   * #SKIP} or {@link #STOP}.
   */
  int runningTokens(int numNewTokens, int budget, boolean stepEmpty, SchedulerConfig config);

  /**
   * Tokens a waiting request admitted with {@code numNewTokens} to compute takes this step, or
   * {@link #STOP}; {@code swapIn} for a swapped-out request coming back (no long-prefill cap),
   * {@code stepEmpty} when nothing is scheduled yet this step.
   */
  int admitTokens(int numNewTokens, int budget, boolean swapIn, boolean stepEmpty,
      SchedulerConfig config);

  /** Whether the token budget bounds the step (admission stops when it is spent). */
  default boolean budgeted() {
    return true;
  }

  /** Whether waiting requests can join while others run (what the decode fast path rules out). */
  default boolean admitsWhileRunning() {
    return true;
  }

  /** The most tokens one request of {@code maxTokens} computes in one step. */
  default int maxStepTokens(int maxTokens, SchedulerConfig config) {
    return maxTokens;
  }

  /**
   * The earliest time a step could start that cannot start now without a new arrival;
   * Long.MAX_VALUE when none.
   */
  default long nextScheduleTimeNs(StepPlanner step) {
    return Long.MAX_VALUE;
  }
}
