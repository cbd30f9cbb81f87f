package io.serveplan.simulator.timing;

/**
 * Predicts how long one engine step takes on one replica. Implementations are pure functions of
 * the composition (apart from setting {@link StepComposition#computeBoundNs()}), must not allocate
 * in {@link #stepTimeNs}, and are not required to be thread-safe.
 */
public interface StepTimeModel {

  /** The step's wall time in nanoseconds (at least 1 for a non-empty step). */
  long stepTimeNs(StepComposition step);

  /** The same prediction, per operator, for reports and calibration. */
  StepBreakdown breakdown(StepComposition step);

  /**
   * Whether decodes must be added one by one ({@link StepComposition#addDecode}) rather than in
   * aggregate: true where attention cost is not linear in the context (local or sparse attention).
   */
  default boolean needsEachDecodeContext() {
    return false;
  }
}
