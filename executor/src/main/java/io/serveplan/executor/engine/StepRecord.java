package io.serveplan.executor.engine;

import io.serveplan.hardware.Operator;
import io.serveplan.simulator.timing.StepComposition;

/**
 * One measured step: what it computed (the execution-time model's features: prefill chunks with
 * the context before them, decode contexts), its wall time, and its per-operator times.
 *
 * @param startNs step start on the run's clock, ns after the run started
 * @param wallNs the forward pass's wall time, ns (scheduling excluded)
 * @param stepNs the whole step (scheduling, batch building, forward, update) on the run's clock
 * @param operatorNs per operator, indexed by {@link Operator#ordinal()}
 */
public record StepRecord(
    long startNs, int[] prefillTokens, int[] prefillContext, boolean[] prefillProducesToken,
    int[] decodeContext, long wallNs, long stepNs, long[] operatorNs) {

  /** Tokens computed in the step. */
  public long numTokens() {
    long n = decodeContext.length;
    for (int t : prefillTokens) {
      n += t;
    }
    return n;
  }

  /** Fills {@code into} (cleared first) with this step's composition and returns it. */
  public StepComposition composition(StepComposition into) {
    into.clear();
    for (int i = 0; i < prefillTokens.length; i++) {
      into.addPrefill(prefillTokens[i], prefillContext[i], prefillProducesToken[i]);
    }
    for (int c : decodeContext) {
      into.addDecode(c);
    }
    return into;
  }

  public long operatorNs(Operator op) {
    return operatorNs[op.ordinal()];
  }
}
