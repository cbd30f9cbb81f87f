package io.serveplan.executor.model;

/**
 * The shape of a Llama-family decoder, as the executor runs it. Built from a catalog
 * {@code ModelSpec} ({@link #fromCatalog}) or from a Hugging Face {@code config.json}
 * ({@link HfCheckpoint}).
 *
 * @param dim hidden size
 * @param hiddenDim FFN intermediate size
 * @param numLayers decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (GQA: numHeads is a multiple)
 * @param headDim per-head width (even, for RoPE)
 * @param vocabSize vocabulary size
 * @param maxPositions longest context RoPE is defined for
 * @param ropeTheta RoPE base
 * @param rmsNormEps RMSNorm epsilon
 * @param tieWordEmbeddings whether the LM head shares the embedding table
 */
public record ModelConfig(
    int dim, int hiddenDim, int numLayers, int numHeads, int numKvHeads, int headDim, int vocabSize,
    int maxPositions, float ropeTheta, float rmsNormEps, boolean tieWordEmbeddings) {

  public ModelConfig {
    positive("hidden_size", dim);
    positive("intermediate_size", hiddenDim);
    positive("num_hidden_layers", numLayers);
    positive("num_attention_heads", numHeads);
    positive("num_key_value_heads", numKvHeads);
    positive("head_dim", headDim);
    positive("vocab_size", vocabSize);
    positive("max_position_embeddings", maxPositions);
    if (numHeads % numKvHeads != 0) {
      throw new IllegalArgumentException("num_attention_heads " + numHeads
          + " must be a multiple of num_key_value_heads " + numKvHeads);
    }
    if (headDim % 2 != 0) {
      throw new IllegalArgumentException("head_dim " + headDim + " must be even for RoPE");
    }
  }

  /**
   * The shape of a dense catalog model, with Llama defaults for what the catalog does not hold
   * (RoPE base 10000, RMSNorm epsilon 1e-5 as in llama2.c).
   *
   * @throws IllegalArgumentException for MoE or MLA models, which this executor does not run
   */
  public static ModelConfig fromCatalog(io.serveplan.hardware.ModelSpec spec) {
    if (spec.isMoe() || spec.isMla()) {
      throw new IllegalArgumentException("--model: " + spec.id()
          + " is MoE or MLA; the executor runs dense Llama-family models (e.g. stories-15m, stories-42m, stories-110m)");
    }
    return new ModelConfig(spec.hiddenSize(), spec.intermediateSize(), spec.numLayers(), spec.numHeads(),
        spec.numKvHeads(), spec.headDim(), spec.vocabSize(), spec.maxPositionEmbeddings(), 10000f, 1e-5f,
        spec.tieWordEmbeddings());
  }

  /** Width of the query projection: numHeads · headDim. */
  public int qDim() {
    return numHeads * headDim;
  }

  /** Width of the key (and value) projection: numKvHeads · headDim. */
  public int kvDim() {
    return numKvHeads * headDim;
  }

  /**
   * The {inDim, outDim} of every linear layer of the first {@code layers} transformer layers, in
   * forward order (wq, wk, wv, wo, w_gate, w_up, w_down per layer), for benchmarks that stream a
   * model's real weight shapes.
   */
  public java.util.List<int[]> linearShapes(int layers) {
    java.util.List<int[]> shapes = new java.util.ArrayList<>();
    for (int l = 0; l < layers; l++) {
      shapes.add(new int[] {dim, qDim()});
      shapes.add(new int[] {dim, kvDim()});
      shapes.add(new int[] {dim, kvDim()});
      shapes.add(new int[] {qDim(), dim});
      shapes.add(new int[] {dim, hiddenDim});
      shapes.add(new int[] {dim, hiddenDim});
      shapes.add(new int[] {hiddenDim, dim});
    }
    return shapes;
  }

  /** Parameters the executor holds (embedding, layers, final norm, LM head unless tied). */
  public long numParams() {
    long perLayer = 2L * dim + (long) qDim() * dim * 2 + 2L * kvDim() * dim + 3L * hiddenDim * dim;
    return (long) vocabSize * dim * (tieWordEmbeddings ? 1 : 2) + numLayers * perLayer + dim;
  }

  private static void positive(String field, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }
}
