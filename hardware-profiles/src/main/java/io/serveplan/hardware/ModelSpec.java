package io.serveplan.hardware;

import java.util.List;

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
 *   linear layer:    see {@link AttentionLayout.LinearAttention#params}; sparse indexer: see
 *                    {@link AttentionLayout.SparseAttention#params}
 * </pre>
 *
 * <p>{@code attention} says which layers are full, sliding-window, chunked-local or linear ({@link
 * AttentionLayout#ALL_FULL} for a plain model). {@code moeLayerStep}: every step-th layer (after
 * the first dense ones) is MoE, as Llama 4 Maverick interleaves (1 = every layer). {@code
 * activeParamsCounting} says how the publisher counted active parameters: {@code all} (every
 * weight a token touches, embeddings included), {@code without-input-embedding} (the gather not
 * counted: OpenAI's gpt-oss, Moonshot's Kimi K2), {@code without-embeddings} (neither embedding
 * nor LM head: Zhipu's GLM-4.5).
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
    String notes,
    AttentionLayout attention,
    int moeLayerStep,
    String activeParamsCounting) {

  public static final List<String> ACTIVE_COUNTINGS =
      List.of("all", "without-input-embedding", "without-embeddings");

  /** A plain model: every layer full attention, every layer after the dense ones MoE. */
  public ModelSpec(String id, String name, String hfRepo, int hiddenSize, int intermediateSize,
      int numLayers, int numHeads, int numKvHeads, int headDim, int vocabSize,
      int maxPositionEmbeddings, boolean tieWordEmbeddings, boolean qkvBias, int numExperts,
      int expertsPerToken, int numSharedExperts, int moeIntermediateSize, int firstKDenseLayers,
      int kvLoraRank, int qLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim,
      double publishedTotalParams, double publishedActiveParams, String source, String asOf,
      String confidence, String notes) {
    this(id, name, hfRepo, hiddenSize, intermediateSize, numLayers, numHeads, numKvHeads, headDim,
        vocabSize, maxPositionEmbeddings, tieWordEmbeddings, qkvBias, numExperts, expertsPerToken,
        numSharedExperts, moeIntermediateSize, firstKDenseLayers, kvLoraRank, qLoraRank,
        qkNopeHeadDim, qkRopeHeadDim, vHeadDim, publishedTotalParams, publishedActiveParams, source,
        asOf, confidence, notes, AttentionLayout.ALL_FULL, 1, "all");
  }

  public ModelSpec {
    attention = attention == null ? AttentionLayout.ALL_FULL : attention;
    moeLayerStep = Math.max(1, moeLayerStep);
    activeParamsCounting = activeParamsCounting == null ? "all" : activeParamsCounting;
  }

  public boolean isMoe() {
    return numExperts > 0;
  }

  public boolean isMla() {
    return kvLoraRank > 0;
  }

  /** Whether layer {@code layer} (0-based) has a MoE MLP. */
  public boolean isMoeLayer(int layer) {
    return isMoe() && layer >= firstKDenseLayers && (layer + 1) % moeLayerStep == 0;
  }

  public int numMoeLayers() {
    int n = 0;
    for (int l = 0; l < numLayers; l++) {
      n += isMoeLayer(l) ? 1 : 0;
    }
    return n;
  }

  public LayerType layerType(int layer) {
    return attention.type(layer);
  }

  /** Layers of the given type. */
  public int numLayers(LayerType t) {
    return attention.count(t, numLayers);
  }

  /** Layers that attend over cached K/V (every layer but the linear ones). */
  public int numAttentionLayers() {
    return numLayers - numLayers(LayerType.LINEAR);
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
    long qkvOut = (long) (numHeads + (attention.gatedQuery() ? numHeads : 0) + 2 * numKvHeads) * headDim;
    long bias = qkvBias ? qkvOut : 0;
    return h * qkvOut + bias + (long) numHeads * headDim * h;
  }

  /** Token-mixer parameters of layer {@code layer}: a linear layer's own, else attention's (+ indexer). */
  public long mixerParams(int layer) {
    if (layerType(layer) == LayerType.LINEAR) {
      return attention.linear().params(hiddenSize);
    }
    long indexer = attention.sparse() == null ? 0 : attention.sparse().params(hiddenSize, qLoraRank);
    return attentionParamsPerLayer() + indexer;
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
      return mixerParams(layer) + experts + router + norms;
    }
    return mixerParams(layer) + mlpParams(intermediateSize) + norms;
  }

  /** Parameters of one layer that a single token touches (routed top-k plus shared experts). */
  public long activeParamsPerLayer(int layer) {
    if (isMoeLayer(layer)) {
      long experts = (long) (expertsPerToken + numSharedExperts) * mlpParams(expertIntermediateSize());
      return mixerParams(layer) + experts + (long) hiddenSize * numExperts + 2L * hiddenSize;
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

  /**
   * Active parameters counted as the publisher counted them ({@link #activeParamsCounting}), for
   * the comparison with {@link #publishedActiveParams}.
   */
  public long activeParamsAsPublished() {
    long gather = (long) vocabSize * hiddenSize;
    return switch (activeParamsCounting) {
      case "without-input-embedding" -> activeParams() - (tieWordEmbeddings ? 0 : gather);
      case "without-embeddings" -> activeParams() - embeddingParams();
      default -> activeParams();
    };
  }

  /**
   * Bytes of all weights at {@code dtype}. Up to 8 bits, every weight (norms and embeddings too) is
   * counted at that width. The 4-bit floats quantize the linear layers only, as their checkpoints
   * do, keeping embeddings, LM head, norms and routers 16-bit: {@code fp4} (NVFP4) every attention
   * and MLP matrix, {@code mxfp4} the MoE experts of a MoE model (attention stays 16-bit, as gpt-oss
   * ships) and every linear layer of a dense one.
   */
  public long weightBytes(Dtype dtype) {
    if (!dtype.isFp4()) {
      return (long) Math.ceil(totalParams() * dtype.bytes());
    }
    double bytes = (embeddingParams() + hiddenSize) * 2.0;
    for (int l = 0; l < numLayers; l++) {
      long mlp = isMoeLayer(l)
          ? (long) (numExperts + numSharedExperts) * mlpParams(expertIntermediateSize())
          : mlpParams(intermediateSize);
      long mixer = mixerParams(l);
      long rest = paramsPerLayer(l) - mlp - mixer;
      bytes += mlp * mlpWeightBytesPerParam(l, dtype) + mixer * mixerWeightBytesPerParam(dtype)
          + rest * 2.0;
    }
    return (long) Math.ceil(bytes);
  }

  /** Bytes per parameter of the attention (token-mixer) projections at weights dtype {@code w}. */
  public double mixerWeightBytesPerParam(Dtype w) {
    return w == Dtype.MXFP4 && isMoe() ? 2.0 : w.bytes();
  }

  /** Bytes per parameter of layer {@code layer}'s MLP (dense or experts) at weights dtype {@code w}. */
  public double mlpWeightBytesPerParam(int layer, Dtype w) {
    return w == Dtype.MXFP4 && isMoe() && !isMoeLayer(layer) ? 2.0 : w.bytes();
  }

  /**
   * KV-cache bytes per token for the whole model (all layers). GQA: K and V of every KV head; MLA:
   * the compressed latent ({@code kvLoraRank}) plus the shared RoPE key ({@code qkRopeHeadDim}).
   */
  public long kvCacheBytesPerToken(Dtype kvDtype) {
    if (attention.isAllFull()) {
      return (long) Math.ceil(kvCacheElementsPerTokenPerLayer() * (double) numLayers * kvDtype.bytes());
    }
    return (long) Math.ceil(kvCacheBytesPerTokenPerLayer(kvDtype) * numLayers(LayerType.FULL));
  }

  /**
   * Bytes one token takes in one attention layer's cache: K/V (or MLA's latent) plus, with sparse
   * attention, the indexer's key.
   */
  public double kvCacheBytesPerTokenPerLayer(Dtype kvDtype) {
    long indexer = attention.sparse() == null ? 0 : attention.sparse().indexHeadDim();
    return (kvCacheElementsPerTokenPerLayer() + indexer) * kvDtype.bytes();
  }

  /** The fixed state one sequence holds in all linear layers, bytes (0 without linear layers). */
  public long stateBytesPerSequence() {
    int n = numLayers(LayerType.LINEAR);
    if (n == 0) {
      return 0;
    }
    AttentionLayout.LinearAttention la = attention.linear();
    return (long) Math.ceil(n * la.stateElements() * la.stateBytesPerElement());
  }

  /**
   * Cache bytes one sequence of {@code contextTokens} tokens holds at most, all layers: full layers
   * every token, sliding layers the window (+ sinks), chunked layers one chunk, linear layers their
   * state. For a plain model this is {@code contextTokens × kvCacheBytesPerToken}.
   */
  public long kvCacheBytesPerSequence(Dtype kvDtype, long contextTokens) {
    double perLayer = kvCacheBytesPerTokenPerLayer(kvDtype);
    double bytes = stateBytesPerSequence();
    for (LayerType t : List.of(LayerType.FULL, LayerType.SLIDING, LayerType.CHUNKED)) {
      bytes += numLayers(t) * perLayer * attention.maxCachedTokens(t, contextTokens);
    }
    return (long) Math.ceil(bytes);
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
