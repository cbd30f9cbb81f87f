package io.serveplan.executor.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * All weights of a Llama-family decoder on the host, fp32. Either generated from a shape with a
 * seeded random init ({@link #random}: the time of a step depends on shapes, not values) or loaded
 * from a checkpoint ({@link HfCheckpoint#load}). Immutable by convention: backends copy it to their
 * device; nobody writes into the arrays after construction.
 *
 * @param lmHead {@code [vocab][dim]}; the same array as tokenEmbedding when tied
 */
public record ModelWeights(
    ModelConfig config, float[] tokenEmbedding, List<LayerWeights> layers, float[] finalNorm, float[] lmHead) {

  public ModelWeights {
    layers = List.copyOf(layers);
    if (layers.size() != config.numLayers()) {
      throw new IllegalArgumentException("expected " + config.numLayers() + " layers, got " + layers.size());
    }
    for (int l = 0; l < layers.size(); l++) {
      layers.get(l).checkShape(config, l);
    }
    long table = (long) config.vocabSize() * config.dim();
    if (tokenEmbedding.length != table || lmHead.length != table || finalNorm.length != config.dim()) {
      throw new IllegalArgumentException("embed_tokens / lm_head / norm do not match vocab "
          + config.vocabSize() + " × hidden " + config.dim());
    }
  }

  /**
   * Seeded random weights: linear layers uniform with standard deviation 0.02 (the Hugging Face
   * Llama init), norms 1. The same (config, seed) gives the same weights bit for bit.
   */
  public static ModelWeights random(ModelConfig c, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    float[] embedding = uniform(root.split(), (long) c.vocabSize() * c.dim());
    List<LayerWeights> layers = new ArrayList<>();
    for (int l = 0; l < c.numLayers(); l++) {
      SplittableRandom r = root.split();
      layers.add(new LayerWeights(
          ones(c.dim()),
          uniform(r, (long) c.qDim() * c.dim()),
          uniform(r, (long) c.kvDim() * c.dim()),
          uniform(r, (long) c.kvDim() * c.dim()),
          uniform(r, (long) c.dim() * c.qDim()),
          ones(c.dim()),
          uniform(r, (long) c.hiddenDim() * c.dim()),
          uniform(r, (long) c.hiddenDim() * c.dim()),
          uniform(r, (long) c.dim() * c.hiddenDim())));
    }
    float[] lmHead = c.tieWordEmbeddings() ? embedding : uniform(root.split(), (long) c.vocabSize() * c.dim());
    return new ModelWeights(c, embedding, layers, ones(c.dim()), lmHead);
  }

  private static float[] uniform(SplittableRandom r, long n) {
    // Uniform on [-a, a] has standard deviation a / sqrt(3); a = 0.02 · sqrt(3).
    double a = 0.02 * Math.sqrt(3.0);
    float[] out = new float[Math.toIntExact(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) ((r.nextDouble() * 2 - 1) * a);
    }
    return out;
  }

  private static float[] ones(int n) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, 1f);
    return out;
  }
}
