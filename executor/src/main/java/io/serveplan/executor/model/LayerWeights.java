package io.serveplan.executor.model;

/**
 * Host weights of one decoder layer, fp32, linear layers {@code [outDim][inDim]} row-major.
 * Arrays are owned by the enclosing {@link ModelWeights} and not copied.
 */
public record LayerWeights(
    float[] attnNorm, float[] wq, float[] wk, float[] wv, float[] wo,
    float[] ffnNorm, float[] wGate, float[] wUp, float[] wDown) {

  void checkShape(ModelConfig c, int layer) {
    expect(layer, "input_layernorm", attnNorm, c.dim());
    expect(layer, "self_attn.q_proj", wq, (long) c.qDim() * c.dim());
    expect(layer, "self_attn.k_proj", wk, (long) c.kvDim() * c.dim());
    expect(layer, "self_attn.v_proj", wv, (long) c.kvDim() * c.dim());
    expect(layer, "self_attn.o_proj", wo, (long) c.dim() * c.qDim());
    expect(layer, "post_attention_layernorm", ffnNorm, c.dim());
    expect(layer, "mlp.gate_proj", wGate, (long) c.hiddenDim() * c.dim());
    expect(layer, "mlp.up_proj", wUp, (long) c.hiddenDim() * c.dim());
    expect(layer, "mlp.down_proj", wDown, (long) c.dim() * c.hiddenDim());
  }

  private static void expect(int layer, String name, float[] a, long size) {
    if (a == null || a.length != size) {
      throw new IllegalArgumentException("layer " + layer + " " + name + ": expected " + size
          + " values, got " + (a == null ? "none" : a.length));
    }
  }
}
