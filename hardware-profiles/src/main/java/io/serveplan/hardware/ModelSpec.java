package io.serveplan.hardware;

/**
 * A decoder-only transformer's architecture, as in its Hugging Face {@code config.json}, and the
 * sizes derived from it (never typed in). Dense models have {@code numExperts == 0}; MLA models
 * (DeepSeek-V3) have {@code kvLoraRank > 0}. Immutable.
 *
 * <p>Parameter count per layer, as computed here:
 *
 * <pre>
 *   attention (GQA): hidden × (heads + 2·kvHeads) × headDim  +  heads × headDim × hidden  (+ qkv bias)
 *   attention (MLA): hidden × qLoraRank + qLoraRank × heads × (nope + rope)
 *                    + hidden × (kvLoraRank + rope) + kvLoraRank × heads × (nope + vHeadDim)
 *                    + heads × vHeadDim × hidden
 *   MLP (dense):     3 × hidden × intermediate                     (gate, up, down)
 *   MLP (MoE):       (experts + shared) × 3 × hidden × moeIntermediate + hidden × experts (router)
 *   norms:           2 × hidden
 * </pre>
 */
public record ModelSpec(
    String id,
    String name,
    String hfRepo,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int vocabSize,
    int maxPositionEmbeddings,
    boolean tieWordEmbeddings,
    boolean qkvBias,
    int numExperts,
    int expertsPerToken,
    int numSharedExperts,
    int moeIntermediateSize,
    int firstKDenseLayers,
    int kvLoraRank,
    int qLoraRank,
    int qkNopeHeadDim,
    int qkRopeHeadDim,
    int vHeadDim,
    double publishedTotalParams,
    double publishedActiveParams,
    String source,
    String asOf,
    String confidence,
    String notes) {

  public boolean isMoe() {
    return numExperts > 0;
  }

  public boolean isMla() {
    return kvLoraRank > 0;
  }

  /** Whether layer {@code layer} (0-based) has a MoE MLP. */
  public boolean isMoeLayer(int layer) {
    return isMoe() && layer >= firstKDenseLayers;
  }

  public int numMoeLayers() {
    return isMoe() ? numLayers - firstKDenseLayers : 0;
  }

  public int numDenseLayers() {
    return numLayers - numMoeLayers();
  }

  /** Input embedding plus (untied) LM head. */
  public long embeddingParams() {
    long emb = (long) vocabSize * hiddenSize;
    return tieWordEmbeddings ? emb : 2 * emb;
  }

  /** LM head parameters (the embedding matrix again when tied): read once per step. */
  public long lmHeadParams() {
    return (long) vocabSize * hiddenSize;
  }

  /** Attention projection parameters of one layer (Q, K, V, O and their low-rank parts). */
  public long attentionParamsPerLayer() {
    long h = hiddenSize;
    if (isMla()) {
      long qkHead = qkNopeHeadDim + qkRopeHeadDim;
      long q =
          qLoraRank > 0
              ? h * qLoraRank + qLoraRank + (long) qLoraRank * numHeads * qkHead
              : h * numHeads * qkHead;
      long kv =
          h * (kvLoraRank + qkRopeHeadDim)
              + kvLoraRank
              + (long) kvLoraRank * numHeads * (qkNopeHeadDim + vHeadDim);
      long o = (long) numHeads * vHeadDim * h;
      return q + kv + o;
    }
    long qkvOut = (long) (numHeads + 2 * numKvHeads) * headDim;
    long bias = qkvBias ? qkvOut : 0;
    return h * qkvOut + bias + (long) numHeads * headDim * h;
  }

  /** One expert's (or a dense MLP's) gate + up + down parameters. */
  public long mlpParams(int intermediate) {
    return 3L * hiddenSize * intermediate;
  }

  /** MoE expert size; Mixtral-style configs leave moe_intermediate_size empty and use intermediate. */
  public int expertIntermediateSize() {
    return moeIntermediateSize > 0 ? moeIntermediateSize : intermediateSize;
  }

  /** All parameters of one layer (every expert counted). */
  public long paramsPerLayer(int layer) {
    long norms = 2L * hiddenSize;
    if (isMoeLayer(layer)) {
      long experts = (long) (numExperts + numSharedExperts) * mlpParams(expertIntermediateSize());
      long router = (long) hiddenSize * numExperts;
      return attentionParamsPerLayer() + experts + router + norms;
    }
    return attentionParamsPerLayer() + mlpParams(intermediateSize) + norms;
  }

  /** Parameters of one layer that a single token touches (routed top-k plus shared experts). */
  public long activeParamsPerLayer(int layer) {
    if (isMoeLayer(layer)) {
      long experts = (long) (expertsPerToken + numSharedExperts) * mlpParams(expertIntermediateSize());
      return attentionParamsPerLayer() + experts + (long) hiddenSize * numExperts + 2L * hiddenSize;
    }
    return paramsPerLayer(layer);
  }

  public long totalParams() {
    long p = embeddingParams() + hiddenSize; // + final norm
    for (int l = 0; l < numLayers; l++) {
      p += paramsPerLayer(l);
    }
    return p;
  }

  public long activeParams() {
    long p = embeddingParams() + hiddenSize;
    for (int l = 0; l < numLayers; l++) {
      p += activeParamsPerLayer(l);
    }
    return p;
  }

  /** Bytes of all weights at {@code dtype} (norms and embeddings counted at the same width). */
  public long weightBytes(Dtype dtype) {
    return (long) Math.ceil(totalParams() * dtype.bytes());
  }

  /**
   * KV-cache bytes per token for the whole model (all layers). GQA: K and V of every KV head; MLA:
   * the compressed latent ({@code kvLoraRank}) plus the shared RoPE key ({@code qkRopeHeadDim}).
   */
  public long kvCacheBytesPerToken(Dtype kvDtype) {
    return (long) Math.ceil(kvCacheElementsPerTokenPerLayer() * (double) numLayers * kvDtype.bytes());
  }

  /** Cached elements per token per layer. */
  public long kvCacheElementsPerTokenPerLayer() {
    if (isMla()) {
      return (long) kvLoraRank + qkRopeHeadDim;
    }
    return 2L * numKvHeads * headDim;
  }

  /**
   * Matrix-multiply FLOPs per token outside attention's score and value products: 2 × active
   * parameters excluding the input embedding (a gather, not a product).
   */
  public double flopsPerToken() {
    long gathered = (long) vocabSize * hiddenSize;
    long matmulParams = activeParams() - (tieWordEmbeddings ? 0 : gathered);
    return 2.0 * matmulParams;
  }

  /**
   * Attention score + value FLOPs per token per layer for each earlier token attended to: 2 ×
   * heads × (qk head dim + v head dim).
   */
  public double attentionFlopsPerContextToken() {
    int qk = isMla() ? qkNopeHeadDim + qkRopeHeadDim : headDim;
    int v = isMla() ? vHeadDim : headDim;
    return 2.0 * numHeads * (qk + v);
  }
}
