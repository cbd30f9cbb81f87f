package io.serveplan.hardware;

import java.util.List;

/**
 * Which token mixer each layer has, and the sizes that go with it. Layer {@code i} has type
 * {@code pattern[i % pattern.size()]}: gpt-oss is {@code [sliding, full]}, Gemma 3 five sliding and
 * one full, Llama 4 three chunked and one full, Qwen3-Next three linear and one full. A plain model
 * is {@link #ALL_FULL}. Immutable.
 *
 * @param slidingWindow tokens a sliding layer attends to (its own included), 0 without sliding layers
 * @param chunkSize tokens of one local-attention chunk, 0 without chunked layers
 * @param sinkTokens leading tokens a sliding layer keeps attending to besides its window
 *     (StreamingLLM-style sink tokens); 0 for learned per-head sinks, which cache nothing
 * @param learnedSinks whether heads have a learned sink logit (gpt-oss): no memory, noted only
 * @param gatedQuery whether full layers' query projection also outputs an output gate (Qwen3-Next),
 *     doubling the query projection's parameters
 * @param linear the linear-attention layers' sizes, null without linear layers
 * @param sparse the sparse-attention indexer of full layers (DeepSeek-V3.2), null without one
 */
public record AttentionLayout(
    List<LayerType> pattern,
    int slidingWindow,
    int chunkSize,
    int sinkTokens,
    boolean learnedSinks,
    boolean gatedQuery,
    LinearAttention linear,
    SparseAttention sparse) {

  /** Every layer full attention: every model described before layer types existed. */
  public static final AttentionLayout ALL_FULL =
      new AttentionLayout(List.of(LayerType.FULL), 0, 0, 0, false, false, null, null);

  public AttentionLayout {
    pattern = List.copyOf(pattern);
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException("pattern: must name at least one layer type");
    }
  }

  public LayerType type(int layer) {
    return pattern.get(layer % pattern.size());
  }

  /** How many of {@code numLayers} layers have type {@code t}. */
  public int count(LayerType t, int numLayers) {
    int n = 0;
    for (int l = 0; l < numLayers; l++) {
      if (type(l) == t) {
        n++;
      }
    }
    return n;
  }

  public boolean isAllFull() {
    return pattern.stream().allMatch(t -> t == LayerType.FULL) && sparse == null;
  }

  /**
   * Tokens of a {@code context}-token sequence one layer of type {@code t} keeps and reads: all of
   * them for a full layer, at most window + sinks for a sliding one, the current chunk's for a
   * chunked one (at most {@code chunkSize}), none for a linear one.
   */
  public long attendedTokens(LayerType t, long context) {
    return switch (t) {
      case FULL -> context;
      case SLIDING -> Math.min(context, (long) slidingWindow + sinkTokens);
      case CHUNKED -> context == 0 ? 0 : (context - 1) % chunkSize + 1;
      case LINEAR -> 0;
    };
  }

  /**
   * Tokens a layer of type {@code t} must keep cached, at most, for one sequence of {@code context}
   * tokens (the chunked layer's worst case is a full chunk).
   */
  public long maxCachedTokens(LayerType t, long context) {
    return t == LayerType.CHUNKED ? Math.min(context, chunkSize) : attendedTokens(t, context);
  }

  /**
   * Gated DeltaNet-style linear attention (Qwen3-Next): per sequence a recurrent state of
   * valueHeads × keyHeadDim × valueHeadDim and a causal-conv state of (convKernel − 1) × conv width,
   * where conv width = 2 × keyHeads × keyHeadDim + valueHeads × valueHeadDim.
   *
   * @param stateBytesPerElement bytes per state element (2: vLLM keeps it in the model's 16-bit dtype)
   */
  public record LinearAttention(int numKeyHeads, int numValueHeads, int keyHeadDim,
      int valueHeadDim, int convKernel, double stateBytesPerElement) {

    public long keyDim() {
      return (long) numKeyHeads * keyHeadDim;
    }

    public long valueDim() {
      return (long) numValueHeads * valueHeadDim;
    }

    public long convWidth() {
      return 2 * keyDim() + valueDim();
    }

    /** State elements one sequence holds per linear layer (recurrent + conv state). */
    public long stateElements() {
      return (long) numValueHeads * keyHeadDim * valueHeadDim + (long) (convKernel - 1) * convWidth();
    }

    /**
     * Parameters of one layer: in_proj_qkvz (hidden × (2·keyDim + 2·valueDim)), in_proj_ba
     * (hidden × 2·valueHeads), conv1d (convWidth × kernel), A_log and dt_bias (2·valueHeads), the
     * gated norm (valueHeadDim), out_proj (valueDim × hidden).
     */
    public long params(int hidden) {
      return (long) hidden * (2 * keyDim() + 2 * valueDim()) + (long) hidden * 2 * numValueHeads
          + convWidth() * convKernel + 2L * numValueHeads + valueHeadDim + valueDim() * hidden;
    }
  }

  /**
   * A lightning indexer that picks the top-k earlier tokens each query attends to (DeepSeek Sparse
   * Attention): it keeps an indexHeadDim key per token per layer and reads all of them, while the
   * attention itself reads only {@code topK} tokens' latents.
   */
  public record SparseAttention(int indexHeads, int indexHeadDim, int topK) {

    /**
     * Indexer parameters of one layer: wq_b (qLoraRank × heads·dim), wk (hidden × dim), its norm
     * (2·dim), weights_proj (hidden × heads).
     */
    public long params(int hidden, int qLoraRank) {
      return (long) qLoraRank * indexHeads * indexHeadDim + (long) hidden * indexHeadDim
          + 2L * indexHeadDim + (long) hidden * indexHeads;
    }
  }
}
