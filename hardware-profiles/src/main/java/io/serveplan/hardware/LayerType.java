package io.serveplan.hardware;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What one decoder layer's token mixer keeps and reads, as vLLM's KV-cache specs distinguish them.
 *
 * <ul>
 *   <li>{@code full}: attends to every earlier token; keeps K/V (or MLA's latent) for all of them;
 *   <li>{@code sliding}: attends to the last {@code sliding_window} tokens (plus any sink tokens);
 *       blocks that fall out of the window can be freed;
 *   <li>{@code chunked}: chunked local attention (Llama 4): attends to the tokens of its own chunk
 *       of {@code chunk_size}; blocks of earlier chunks can be freed;
 *   <li>{@code linear}: linear attention / state-space (Gated DeltaNet, Mamba): a fixed state per
 *       sequence instead of K/V per token.
 * </ul>
 */
public enum LayerType {
  FULL,
  SLIDING,
  CHUNKED,
  LINEAR;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(LayerType::id).toList();
  }

  /** Parses an id; null where it is none of them. */
  static LayerType find(String value) {
    for (LayerType t : values()) {
      if (t.id().equals(value)) {
        return t;
      }
    }
    return null;
  }
}
