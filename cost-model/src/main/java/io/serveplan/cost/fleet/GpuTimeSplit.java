package io.serveplan.cost.fleet;

import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.EnginePreset;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;

/**
 * How a replica's GPU time divides between a request's input tokens (prefill) and its output
 * tokens (decode), by the roofline: the rule that splits GPU cost into a price per input token and
 * a price per output token.
 *
 * <pre>
 *   prefill s / request = in × (flopsPerToken + attention) / (peak(dtype) × computeEff × tp)
 *   decode  s / request = out × ( weightBytes / (tp × bw × memEff) / batch          weights, shared by the batch
 *                                + kvBytesPerToken × (in + out/2) / (tp × bw × memEff) )   own K/V each step
 *   inputShare          = prefill / (prefill + decode)
 * </pre>
 *
 * {@code batch} is the mean number of running sequences at the operating point (from the
 * simulation at capacity). Pure functions; thread-safe.
 */
public final class GpuTimeSplit {

  private GpuTimeSplit() {}

  public static double inputShare(
      ModelSpec model, GpuSpec gpu, EnginePreset engine, int tensorParallel, Dtype weights, Dtype kv,
      double meanInputTokens, double meanOutputTokens, double meanBatch) {
    double peak = gpu.peakFlops(weights) * engine.computeEfficiency() * tensorParallel;
    double bw = gpu.bandwidthBytesPerSec() * engine.memoryEfficiency() * tensorParallel;
    // attention: each input token attends to half the prompt on average, in every layer
    double attnPerToken = model.attentionFlopsPerContextToken() * model.numLayers() * meanInputTokens / 2.0;
    double prefillS = meanInputTokens * (model.flopsPerToken() + attnPerToken) / peak;
    double batch = Math.max(1.0, meanBatch);
    double weightsS = model.weightBytes(weights) / bw / batch;
    double kvS = (double) model.kvCacheBytesPerToken(kv) * (meanInputTokens + meanOutputTokens / 2.0) / bw;
    double decodeS = meanOutputTokens * (weightsS + kvS);
    if (prefillS + decodeS <= 0) {
      return 0.5;
    }
    return prefillS / (prefillS + decodeS);
  }
}
