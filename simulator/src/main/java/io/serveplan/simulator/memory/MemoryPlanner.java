package io.serveplan.simulator.memory;

import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.LayerType;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.simulator.spec.SpecException;
import java.util.Locale;

/**
 * Plans one GPU's memory for a tensor-parallel replica, as vLLM does at start-up.
 *
 * <ul>
 *   <li>weights: all weights at the weights dtype, divided by tp (vLLM shards every matrix,
 *       vocabulary included);
 *   <li>activations: the peak of a forward pass over {@code max_num_batched_tokens} tokens — the
 *       MLP's gate/up output (2·I/tp) and down input, the QKV output and two hidden-sized buffers per
 *       token, doubled for the allocator's temporaries — plus fp32 logits for {@code max_num_seqs}
 *       sequences, twice (logits and their softmax);
 *   <li>overhead: {@value #RUNTIME_OVERHEAD_GB} GB for the CUDA context, cuBLAS workspaces and
 *       CUDA graphs, plus {@value #NCCL_OVERHEAD_GB} GB of NCCL buffers when tp &gt; 1;
 *   <li>KV: what remains of memory × gpu_memory_utilization, in blocks of {@code block_size} tokens.
 * </ul>
 *
 * <p>Hybrid models (sliding-window, chunked-local or linear-attention layers) share one pool as
 * vLLM's hybrid allocator does ({@link KvCacheLayout}): the pool is counted in blocks of one
 * KV-cache group's layers, and the scheduler's {@code HybridKvCacheManager} gives each request the
 * blocks each group really needs (a window's worth for sliding layers, a fixed state for linear
 * ones). No request length enters the pool's size; {@code maxConcurrency} alone uses the
 * workload's mean length. A plain full-attention model's block is all its layers' per-token KV, as
 * before.
 *
 * NOTE: memory is the catalog's {@code memoryBytes()}: the total the runtime reports where the
 * catalog cites one ({@code memory_runtime_bytes}), else the datasheet GB × 1e9. NVIDIA's "80 GB"
 * parts report about 79.6 GiB (85.5 × 1e9 bytes), so a datasheet-only plan is conservative by
 * roughly 6% of memory.
 */
public final class MemoryPlanner {

  public static final double RUNTIME_OVERHEAD_GB = 1.0;
  public static final double NCCL_OVERHEAD_GB = 0.5;

  private MemoryPlanner() {}

  /**
   * @param tokensPerRequest the workload's mean prompt + output length, for {@code maxConcurrency}
   *     only (the pool's size does not depend on it)
   * @throws SpecException naming the numbers when the weights (plus workspace) do not fit
   */
  public static MemoryPlan plan(ModelSpec model, GpuSpec gpu, int tp, Dtype weights, Dtype kv,
      double gpuMemoryUtilization, int maxNumBatchedTokens, int maxNumSeqs, int blockSize,
      double tokensPerRequest) {
    long total = gpu.memoryBytes();
    long usable = (long) (total * gpuMemoryUtilization);
    long weightBytes = (long) Math.ceil((double) model.weightBytes(weights) / tp);
    double perToken = 2.0 * (2.0 * model.intermediateSize() / tp
        + (double) (model.numHeads() + 2 * model.numKvHeads()) * model.headDim() / tp
        + 2.0 * model.hiddenSize());
    long activation = (long) (2 * maxNumBatchedTokens * perToken
        + 2.0 * maxNumSeqs * model.vocabSize() * 4);
    long overhead = (long) ((RUNTIME_OVERHEAD_GB + (tp > 1 ? NCCL_OVERHEAD_GB : 0)) * 1e9);
    KvCacheLayout layout = KvCacheLayout.of(model, kv, tp, blockSize);
    long kvPerBlock = layout.bytesPerBlock();
    long kvBytes = usable - weightBytes - activation - overhead;
    if (kvBytes < kvPerBlock) {
      throw new SpecException("hardware", String.format(Locale.ROOT,
          "%s does not fit on %s with tensor_parallel %d: per GPU %.2f GB usable (%.0f GB × "
              + "gpu_memory_utilization %.2f) minus %.2f GB of %s weights, %.2f GB activations and "
              + "%.2f GB runtime overhead leaves %.2f GB for the KV cache; use more tensor_parallel, "
              + "smaller weights_dtype or a larger GPU",
          model.id(), gpu.id(), tp, usable / 1e9, total / 1e9, gpuMemoryUtilization,
          weightBytes / 1e9, weights.id(), activation / 1e9, overhead / 1e9, kvBytes / 1e9));
    }
    int blocks = (int) Math.min(Integer.MAX_VALUE, kvBytes / kvPerBlock);
    double maxConc = tokensPerRequest <= 0 ? 0
        : layout.isHybrid()
            ? (double) blocks / layout.blocksPerSequence((long) Math.ceil(tokensPerRequest), blockSize)
            : (double) blocks * blockSize / tokensPerRequest;
    return new MemoryPlan(total, usable, weightBytes, activation, overhead, kvBytes, kvPerBlock,
        blockSize, blocks, tokensPerRequest, maxConc, layout.groups());
  }

  /** Cache bytes one token takes in one attention layer on each GPU (K/V heads split across tp; MLA's latent and the sparse indexer's key are not). */
  public static double kvBytesPerTokenPerLayerPerGpu(ModelSpec model, Dtype kv, int tp) {
    if (model.isMla()) {
      return model.kvCacheBytesPerTokenPerLayer(kv);
    }
    long heads = (model.numKvHeads() + tp - 1) / tp;
    return 2.0 * heads * model.headDim() * kv.bytes();
  }

  /** KV bytes one token occupies on each GPU: KV heads are split across tp (at least one each); MLA's latent is not. */
  public static long kvBytesPerTokenPerGpu(ModelSpec model, Dtype kv, int tp) {
    if (model.isMla()) {
      return model.kvCacheBytesPerToken(kv);
    }
    long heads = (model.numKvHeads() + tp - 1) / tp;
    int layers = model.attention().isAllFull() ? model.numLayers() : model.numLayers(LayerType.FULL);
    return (long) Math.ceil(2.0 * heads * model.headDim() * layers * kv.bytes());
  }
}
