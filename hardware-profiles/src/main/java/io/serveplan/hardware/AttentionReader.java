package io.serveplan.hardware;

import java.util.List;

/**
 * Reads a model entry's {@code attention:} mapping into an {@link AttentionLayout}:
 *
 * <pre>
 *   attention:
 *     layer_pattern: [sliding, full]   # repeats from layer 0; full | sliding | chunked | linear
 *     sliding_window: 128              # needed with sliding layers
 *     chunk_size: 8192                 # needed with chunked layers
 *     sink_tokens: 0                   # cached sink tokens of sliding layers
 *     learned_sinks: true              # per-head sink logits (no memory)
 *     gated_query: false               # query projection also outputs a gate
 *     linear: {num_key_heads, num_value_heads, key_head_dim, value_head_dim, conv_kernel, state_dtype}
 *     sparse: {index_heads, index_head_dim, top_k}
 * </pre>
 */
final class AttentionReader {

  private AttentionReader() {}

  static AttentionLayout read(CatalogEntry a) {
    if (a == null) {
      return AttentionLayout.ALL_FULL;
    }
    a.allow("layer_pattern", "sliding_window", "chunk_size", "sink_tokens", "learned_sinks",
        "gated_query", "linear", "sparse");
    List<LayerType> pattern = pattern(a);
    int window = a.nonNegativeInt("sliding_window");
    int chunk = a.nonNegativeInt("chunk_size");
    if (pattern.contains(LayerType.SLIDING) && window == 0) {
      a.error("sliding_window", "required with sliding layers: a window of at least 1 token");
    }
    if (pattern.contains(LayerType.CHUNKED) && chunk == 0) {
      a.error("chunk_size", "required with chunked layers: a chunk of at least 1 token");
    }
    AttentionLayout.LinearAttention linear = linear(a.child("linear"));
    if (pattern.contains(LayerType.LINEAR) && linear == null) {
      a.error("linear", "required with linear layers: num_key_heads, num_value_heads, "
          + "key_head_dim, value_head_dim, conv_kernel");
    }
    CatalogEntry s = a.child("sparse");
    AttentionLayout.SparseAttention sparse = null;
    if (s != null) {
      s.allow("index_heads", "index_head_dim", "top_k");
      sparse = new AttentionLayout.SparseAttention(s.positiveInt("index_heads"),
          s.positiveInt("index_head_dim"), s.positiveInt("top_k"));
    }
    return new AttentionLayout(pattern, window, chunk, a.nonNegativeInt("sink_tokens"),
        a.boolOr("learned_sinks", false), a.boolOr("gated_query", false), linear, sparse);
  }

  /** The layer types; every layer full when absent (or wrong: the error is recorded). */
  private static List<LayerType> pattern(CatalogEntry a) {
    if (!a.f.present("layer_pattern")) {
      a.f.allow("layer_pattern");
      return List.of(LayerType.FULL);
    }
    int before = a.f.errorCount();
    List<LayerType> out = a.f.choices("layer_pattern", LayerType.ids(), "[sliding, full]").stream()
        .map(LayerType::find).toList();
    if (out.isEmpty() && a.f.errorCount() == before) {
      a.error("layer_pattern", "must be a non-empty list of " + String.join(", ", LayerType.ids()));
    }
    return out.isEmpty() || a.f.errorCount() > before ? List.of(LayerType.FULL) : out;
  }

  private static AttentionLayout.LinearAttention linear(CatalogEntry l) {
    if (l == null) {
      return null;
    }
    l.allow("num_key_heads", "num_value_heads", "key_head_dim", "value_head_dim", "conv_kernel",
        "state_dtype");
    Dtype state = Dtype.parse("state_dtype", l.f.choice("state_dtype", "bf16", Dtype.ids()));
    return new AttentionLayout.LinearAttention(l.positiveInt("num_key_heads"),
        l.positiveInt("num_value_heads"), l.positiveInt("key_head_dim"),
        l.positiveInt("value_head_dim"), l.positiveInt("conv_kernel"), state.bytes());
  }
}
