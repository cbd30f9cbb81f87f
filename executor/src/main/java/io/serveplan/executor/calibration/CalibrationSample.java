package io.serveplan.executor.calibration;

import io.serveplan.simulator.timing.StepComposition;

/**
 * One timed forward pass of the sweep: its shape and measured times.
 *
 * @param wallNs forward-pass time on the sweep's clock (wall, or the engine thread's CPU time)
 * @param operatorNs per operator, indexed by {@code Operator.ordinal()}
 */
public record CalibrationSample(SweepShape shape, int repetition, long wallNs, long[] operatorNs) {

  /** The shape as the execution-time model sees it. */
  public StepComposition composition(StepComposition into) {
    into.clear();
    for (int i = 0; i < shape.prefillTokens().length; i++) {
      into.addPrefill(shape.prefillTokens()[i], shape.prefillContext()[i], true);
    }
    for (int d = 0; d < shape.numDecode(); d++) {
      into.addDecode(shape.decodeContext());
    }
    return into;
  }
}
