package io.serveplan.simulator.memory;

import io.serveplan.hardware.AttentionLayout;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.LayerType;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.scheduler.kv.KvCacheGroup;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How a model's KV cache is laid out in blocks on each GPU, as vLLM's hybrid allocator lays it
 * out ({@code kv_cache_utils._get_kv_cache_groups_uniform_page_size}): layers of the same type are
 * cut into KV-cache groups of {@code layersPerGroup} layers (the fewest layers of any type, or the
 * most when that is under 1.25 times the fewest, padding the short groups), and one block of the
 * shared pool holds {@code blockSize} tokens of one group's layers. A plain full-attention model
 * has no groups (the scheduler's single per-token table) and a block of all its layers.
 *
 * <p>A linear-attention group keeps a sequence's recurrent and conv state in {@code stateBlocks}
 * blocks of that size. Deliberate difference: vLLM instead raises the attention block size until
 * one state fits one block; ServePlan keeps the engine's block size (finer full-attention blocks).
 *
 * @param groups the scheduler's groups (empty for a plain model)
 * @param layersPerGroup layers one block covers (all layers for a plain model)
 * @param bytesPerBlock bytes one block takes on each GPU
 */
public record KvCacheLayout(List<KvCacheGroup> groups, int layersPerGroup, long bytesPerBlock) {

  private static final List<LayerType> ORDER =
      List.of(LayerType.FULL, LayerType.SLIDING, LayerType.CHUNKED, LayerType.LINEAR);

  public KvCacheLayout {
    groups = List.copyOf(groups);
  }

  public static KvCacheLayout of(ModelSpec model, Dtype kv, int tp, int blockSize) {
    AttentionLayout a = model.attention();
    double perLayer = MemoryPlanner.kvBytesPerTokenPerLayerPerGpu(model, kv, tp);
    Map<LayerType, Integer> counts = new EnumMap<>(LayerType.class);
    for (LayerType t : ORDER) {
      if (model.numLayers(t) > 0) {
        counts.put(t, model.numLayers(t));
      }
    }
    if (counts.keySet().equals(java.util.Set.of(LayerType.FULL))) {
      long perToken = a.isAllFull() ? MemoryPlanner.kvBytesPerTokenPerGpu(model, kv, tp)
          : (long) Math.ceil(perLayer * model.numLayers(LayerType.FULL));
      return new KvCacheLayout(List.of(), model.numLayers(), perToken * blockSize);
    }
    int fewest = counts.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    int most = counts.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
    int size = most < 1.25 * fewest ? most : fewest;
    long bytesPerBlock = Math.max(1, (long) Math.ceil(size * perLayer * blockSize));
    long stateBytes = (long) Math.ceil(size * stateBytesPerLayerPerGpu(model, tp));
    List<KvCacheGroup> groups = new ArrayList<>();
    for (Map.Entry<LayerType, Integer> e : counts.entrySet()) {
      int n = (e.getValue() + size - 1) / size;
      for (int i = 0; i < n; i++) {
        groups.add(switch (e.getKey()) {
          case FULL -> KvCacheGroup.full();
          case SLIDING -> KvCacheGroup.sliding(a.slidingWindow(), a.sinkTokens());
          case CHUNKED -> KvCacheGroup.chunked(a.chunkSize());
          case LINEAR -> KvCacheGroup.state((int) ((stateBytes + bytesPerBlock - 1) / bytesPerBlock));
        });
      }
    }
    return new KvCacheLayout(groups, size, bytesPerBlock);
  }

  /** Bytes of state one sequence keeps in one linear layer on each GPU (heads split across tp). */
  static double stateBytesPerLayerPerGpu(ModelSpec model, int tp) {
    int n = model.numLayers(LayerType.LINEAR);
    return n == 0 ? 0 : (double) model.stateBytesPerSequence() / n / tp;
  }

  public boolean isHybrid() {
    return !groups.isEmpty();
  }

  /**
   * Blocks a decoding sequence of {@code tokens} tokens holds in all groups together (local
   * groups only their window or chunk, state groups their state).
   */
  public long blocksPerSequence(long tokens, int blockSize) {
    if (groups.isEmpty()) {
      return (tokens + blockSize - 1) / blockSize;
    }
    long n = 0;
    for (KvCacheGroup g : groups) {
      n += g.blocksHeldAt(tokens, blockSize);
    }
    return n;
  }
}
