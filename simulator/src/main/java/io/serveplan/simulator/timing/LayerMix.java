package io.serveplan.simulator.timing;

import io.serveplan.hardware.AttentionLayout;
import io.serveplan.hardware.LayerType;
import io.serveplan.hardware.ModelSpec;

/**
 * A hybrid model's layer counts per token-mixer type, and per step what each type's attention
 * reads: full layers every cached token (sparse-attention layers their top-k), sliding layers their
 * window plus sinks, chunked layers their current chunk; linear layers read their state instead.
 * One instance per time model; {@link #measure} overwrites the step's figures. Not thread-safe.
 */
final class LayerMix {

  final int full;
  final int sliding;
  final int chunked;
  final int linear;
  final long window;
  final long chunk;
  final AttentionLayout.SparseAttention sparse;
  final AttentionLayout.LinearAttention lin;

  // this step: attention pairs and K/V tokens read, per layer of each type
  double fullPairs;
  double fullRead;
  double slidingPairs;
  double slidingRead;
  double chunkedPairs;
  double chunkedRead;

  LayerMix(ModelSpec model) {
    AttentionLayout a = model.attention();
    full = model.numLayers(LayerType.FULL);
    sliding = model.numLayers(LayerType.SLIDING);
    chunked = model.numLayers(LayerType.CHUNKED);
    linear = model.numLayers(LayerType.LINEAR);
    window = (long) a.slidingWindow() + a.sinkTokens();
    chunk = a.chunkSize();
    sparse = a.sparse();
    lin = a.linear();
  }

  void measure(StepComposition s) {
    if (sparse != null) {
      fullPairs = s.windowedPairs(sparse.topK());
      fullRead = s.windowedKvReadTokens(sparse.topK());
    } else {
      fullPairs = s.attentionPairs();
      fullRead = s.kvReadTokens();
    }
    if (sliding > 0) {
      slidingPairs = s.windowedPairs(window);
      slidingRead = s.windowedKvReadTokens(window);
    }
    if (chunked > 0) {
      chunkedPairs = s.chunkedPairs(chunk);
      chunkedRead = s.chunkedKvReadTokens(chunk);
    }
  }

  /** K/V tokens read summed over the attention layers (for the per-token-layer overhead). */
  double kvTokenLayers() {
    return full * fullRead + sliding * slidingRead + chunked * chunkedRead;
  }
}
