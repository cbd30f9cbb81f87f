package io.serveplan.executor.model;

/**
 * The RoPE table the backends read: row p holds cos(p · θ_i) for i < headDim/2, then sin(p · θ_i),
 * with θ_i = theta^(-2i / headDim) (Llama, "rotate half" layout).
 */
public final class RopeTable {

  private RopeTable() {}

  /** {@code [maxPositions][headDim]} floats. */
  public static float[] build(int maxPositions, int headDim, double theta) {
    int half = headDim / 2;
    float[] table = new float[maxPositions * headDim];
    for (int p = 0; p < maxPositions; p++) {
      for (int i = 0; i < half; i++) {
        double angle = p * Math.pow(theta, -2.0 * i / headDim);
        table[p * headDim + i] = (float) Math.cos(angle);
        table[p * headDim + half + i] = (float) Math.sin(angle);
      }
    }
    return table;
  }
}
