package io.serveplan.cost.recommend;

import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.spec.SloSpec;
import io.serveplan.simulator.timing.StepComposition;
import io.serveplan.simulator.timing.StepTimeModel;

/**
 * A quick analytic reading of a configuration, used to prune and rank before simulating: a lone
 * request's TTFT and TPOT, and a steady-state rate estimate.
 *
 * <pre>
 *   lone TTFT   = Σ steps of the prompt in chunks of max_num_batched_tokens
 *   lone TPOT   = one decode step at context in + out/2
 *   mixed(B)    = step of B decodes + the prefill tokens that keep B running (B × in / out)
 *   B           = largest batch ≤ min(max_num_seqs, KV concurrency) with mixed(B) ≤ TPOT target
 *   rps         = B / (out × mixed(B))
 * </pre>
 *
 * Queueing delay is ignored (the simulator measures it), so the estimate is optimistic; it only
 * orders configurations and seeds the capacity search. Immutable.
 */
record Estimate(
    double loneTtftMs, double loneTpotMs, int batch, int maxBatch, double rps, boolean kvLimited,
    boolean seqLimited, boolean feasible) {

  static Estimate of(
      StepTimeModel tm, MemoryPlan plan, int maxNumSeqs, int maxNumBatchedTokens, double in, double out,
      SloSpec slo) {
    StepComposition c = new StepComposition();
    int prompt = (int) Math.max(1, Math.round(in));
    int outTokens = (int) Math.max(1, Math.round(out));
    double ttftNs = 0;
    for (int done = 0; done < prompt; ) {
      int chunk = Math.min(maxNumBatchedTokens, prompt - done);
      c.clear();
      c.addPrefill(chunk, done, done + chunk >= prompt);
      ttftNs += tm.stepTimeNs(c);
      done += chunk;
    }
    long context = prompt + outTokens / 2;
    c.clear();
    c.addDecodes(1, context);
    double tpot1Ns = tm.stepTimeNs(c);
    double ttftMs = ttftNs / 1e6;
    double tpotMs = tpot1Ns / 1e6;
    int kvBatch = (int) Math.max(1, Math.floor(plan.maxConcurrency()));
    int maxBatch = Math.max(1, Math.min(maxNumSeqs, kvBatch));
    if (ttftMs > slo.ttftMs() || tpotMs > slo.tpotMs()) {
      return new Estimate(ttftMs, tpotMs, 0, maxBatch, 0, false, false, false);
    }
    double targetNs = slo.tpotMs() * 1e6;
    int lo = 1;
    int hi = maxBatch;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (mixedNs(tm, c, mid, prompt, outTokens, maxNumBatchedTokens) <= targetNs) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int b = lo;
    double stepNs = mixedNs(tm, c, b, prompt, outTokens, maxNumBatchedTokens);
    double rps = b / (outTokens * stepNs / 1e9);
    int budget = maxNumBatchedTokens - b;
    if (budget > 0) {
      // the prompt tokens a step can take also bound the arrival rate
      rps = Math.min(rps, budget / (prompt * stepNs / 1e9));
    }
    return new Estimate(ttftMs, tpotMs, b, maxBatch, rps, b == maxBatch && kvBatch < maxNumSeqs,
        b == maxBatch && maxNumSeqs <= kvBatch, true);
  }

  private static double mixedNs(StepTimeModel tm, StepComposition c, int b, int prompt, int out, int maxBatched) {
    c.clear();
    c.addDecodes(b, (long) b * (prompt + out / 2));
    int prefill = (int) Math.min(Math.max(0, maxBatched - b), Math.ceil((double) b * prompt / out));
    if (prefill > 0) {
      c.addPrefill(prefill, prompt / 2, false);
    }
    return tm.stepTimeNs(c);
  }
}
