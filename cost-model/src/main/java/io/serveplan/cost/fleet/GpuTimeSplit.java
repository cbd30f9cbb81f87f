package io.serveplan.cost.fleet;

import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.timing.StepTimeModel;

/**
 * How a replica's GPU time divides between input tokens (prefill) and output tokens (decode),
 * measured with the execution-time model at the operating point: the rule that splits GPU cost
 * into a price per input token and a price per output token.
 *
 * <pre>
 *   decode(B)       = step of B decodes at context in + out/2
 *   mixed(B)        = the same step plus the prompt tokens that keep B sequences running: B × in / out
 *   inputShare      = (mixed(B) − decode(B)) / mixed(B)
 * </pre>
 *
 * {@code B} is the mean number of running sequences at capacity (from the simulation). Fixed
 * per-step costs fall on decode, which runs every step either way. Not thread-safe (the model's
 * scratch state); call from one thread.
 */
public final class GpuTimeSplit {

  private GpuTimeSplit() {}

  public static double inputShare(StepTimeModel tm, double meanInputTokens, double meanOutputTokens, double meanBatch) {
    int b = (int) Math.max(1, Math.round(meanBatch));
    int in = (int) Math.max(1, Math.round(meanInputTokens));
    int out = (int) Math.max(1, Math.round(meanOutputTokens));
    long sumContext = (long) b * (in + out / 2);
    StepComposition c = new StepComposition();
    c.addDecodes(b, sumContext);
    double decodeNs = tm.stepTimeNs(c);
    c.clear();
    c.addDecodes(b, sumContext);
    int prompt = (int) Math.max(1, Math.round((double) b * in / out));
    c.addPrefill(prompt, in / 2, false);
    double mixedNs = tm.stepTimeNs(c);
    if (!(mixedNs > 0)) {
      return 0.5;
    }
    return Math.max(0, Math.min(1, (mixedNs - decodeNs) / mixedNs));
  }
}
