package io.serveplan.simulator.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.scheduler.kv.KvCacheGroup;
import io.serveplan.simulator.spec.SpecException;
import org.junit.jupiter.api.Test;

/** Memory plans for the end-2026 models, at vLLM's defaults (0.9 utilization, 8192 tokens, 256 seqs). */
class NewModelsMemoryTest {

  private static final Catalog CATALOG = Catalog.builtin();

  private static MemoryPlan plan(String model, String gpu, int tp, Dtype w, Dtype kv) {
    return MemoryPlanner.plan(CATALOG.model(model), CATALOG.gpu(gpu), tp, w, kv, 0.9, 8192, 256,
        16, 1200);
  }

  @Test
  void gptOss120bInMxfp4FitsOneH100WithRoomForKv() {
    MemoryPlan p = plan("gpt-oss-120b", "h100-sxm", 1, Dtype.MXFP4, Dtype.BF16);
    assertThat(p.weightBytesPerGpu() / 1e9).isBetween(64.0, 66.0);
    // at least 3 GB of cache: 100k tokens of a 1200-token chat at its ~39 KB per token
    assertThat(p.kvBytes() / 1e9).isGreaterThan(3.0);
    assertThat(p.kvCapacityTokens()).isGreaterThan(100_000);
    assertThat(p.maxConcurrency()).isGreaterThan(64);
  }

  @Test
  void llama4MaverickIsRefusedOnOneH100WithTheNumbers() {
    assertThatThrownBy(() -> plan("llama-4-maverick", "h100-sxm", 1, Dtype.BF16, Dtype.BF16))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("llama-4-maverick does not fit on h100-sxm with tensor_parallel 1")
        .hasMessageContaining("72.00 GB usable (80 GB × gpu_memory_utilization 0.90)")
        .hasMessageContaining("801.42 GB of bf16 weights");
    // even at fp8 it needs more than one 80 GB GPU
    assertThatThrownBy(() -> plan("llama-4-maverick", "h100-sxm", 1, Dtype.FP8, Dtype.FP8))
        .hasMessageContaining("400.71 GB of fp8 weights");
  }

  @Test
  void deepseekV32PlansOnEightH200sAndEightB200s() {
    for (String gpu : new String[] {"h200", "b200"}) {
      MemoryPlan p = plan("deepseek-v3.2", gpu, 8, Dtype.FP8, Dtype.FP8);
      assertThat(p.weightBytesPerGpu() / 1e9).as(gpu).isBetween(83.0, 85.0); // 672 GB / 8
      // MLA latent + indexer key, every GPU holds it whole: 61 × (576 + 128) × 1 byte per token
      assertThat(p.kvBytesPerBlock()).as(gpu).isEqualTo(16L * 61 * (576 + 128));
      assertThat(p.kvCapacityTokens()).as(gpu).isGreaterThan(200_000);
    }
  }

  @Test
  void aHybridPoolIsCountedInBlocksOfOneGroupsLayersWhateverTheRequestLength() {
    // gpt-oss-120b: 36 layers alternate sliding (128) and full: two groups of 18 layers; a block
    // holds 16 tokens of 18 layers × 8 KV heads × 64 × K and V × 2 bytes
    MemoryPlan p = plan("gpt-oss-120b", "h100-sxm", 1, Dtype.MXFP4, Dtype.BF16);
    assertThat(p.kvCacheGroups()).containsExactly(KvCacheGroup.full(), KvCacheGroup.sliding(128, 0));
    assertThat(p.kvBytesPerBlock()).isEqualTo(16L * 18 * 2 * 8 * 64 * 2);
    assertThat(p.numGpuBlocks()).isEqualTo((int) (p.kvBytes() / p.kvBytesPerBlock()));
    // a 1200-token request holds 75 full blocks and 8 sliding ones (tokens 1073..1199 and the next)
    assertThat(p.maxConcurrency()).isEqualTo(p.numGpuBlocks() / 83.0);
    // the pool does not depend on the request length (it did, before the scheduler used groups)
    MemoryPlan longer = MemoryPlanner.plan(CATALOG.model("gpt-oss-120b"), CATALOG.gpu("h100-sxm"), 1,
        Dtype.MXFP4, Dtype.BF16, 0.9, 8192, 256, 16, 100_000);
    assertThat(longer.numGpuBlocks()).isEqualTo(p.numGpuBlocks());
    // a plain model keeps one per-token table: all 32 layers per block, no groups
    MemoryPlan plain = plan("llama-3.1-8b", "h100-sxm", 1, Dtype.BF16, Dtype.BF16);
    assertThat(plain.kvCacheGroups()).isEmpty();
    assertThat(plain.kvBytesPerBlock()).isEqualTo(16L * 131_072);
  }

  @Test
  void gemma3sFiveLocalToOneGlobalMakesSixSlidingGroupsOfTenLayers() {
    // 62 layers: 52 sliding, 10 full; groups of the fewest (10), the last sliding one padded
    MemoryPlan p = plan("gemma-3-27b", "h100-sxm", 1, Dtype.BF16, Dtype.BF16);
    assertThat(p.kvCacheGroups()).hasSize(7).first().isEqualTo(KvCacheGroup.full());
    assertThat(p.kvCacheGroups().subList(1, 7)).containsOnly(KvCacheGroup.sliding(1024, 0));
    var m = CATALOG.model("gemma-3-27b");
    assertThat(p.kvBytesPerBlock()).isEqualTo(16L * 10 * 2 * m.numKvHeads() * m.headDim() * 2);
  }

  @Test
  void linearAttentionStateTakesAFixedNumberOfBlocksPerSequence() {
    // qwen3-next: 12 full layers (2 KV heads × 256) and 36 linear ones: groups of 12 layers, a block
    // 16 tokens × 12 × 2 × 2 × 256 × 2 bytes = 393,216; one linear layer's state is
    // (32 × 128 × 128 recurrent + 3 × (2 × 16 × 128 + 32 × 128) conv) × 2 bytes = 1,097,728, so
    // a group's 12 layers take ceil(13,172,736 / 393,216) = 34 blocks per sequence
    MemoryPlan p = plan("qwen3-next-80b-a3b", "h100-sxm", 2, Dtype.FP8, Dtype.BF16);
    long perLayer = 2L * 1 * 256 * 2; // tp 2: one KV head each
    long block = 16 * 12 * perLayer;
    long state = (32L * 128 * 128 + 3 * (2 * 16 * 128 + 32 * 128)) * 2 / 2; // heads split over tp 2
    assertThat(p.kvBytesPerBlock()).isEqualTo(block);
    assertThat(p.kvCacheGroups()).containsExactly(KvCacheGroup.full(),
        KvCacheGroup.state((int) ((12 * state + block - 1) / block)),
        KvCacheGroup.state((int) ((12 * state + block - 1) / block)),
        KvCacheGroup.state((int) ((12 * state + block - 1) / block)));
    MemoryPlan tp1 = plan("qwen3-next-80b-a3b", "h200", 1, Dtype.FP8, Dtype.BF16);
    assertThat(tp1.kvBytesPerBlock()).isEqualTo(393_216);
    assertThat(tp1.kvCacheGroups().get(1)).isEqualTo(KvCacheGroup.state(34));
  }
}
