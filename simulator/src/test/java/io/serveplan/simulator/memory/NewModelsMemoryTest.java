package io.serveplan.simulator.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
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
  void hybridBlocksAreSizedAtTheMeanRequestsBytesPerToken() {
    // gpt-oss-120b, 1200-token requests: 18 full layers keep 1200 tokens, 18 sliding layers 128
    long perLayer = 2L * 8 * 64 * 2;
    long perSequence = 18 * perLayer * 1200 + 18 * perLayer * 128;
    long perToken = (perSequence + 1199) / 1200;
    MemoryPlan p = plan("gpt-oss-120b", "h100-sxm", 1, Dtype.MXFP4, Dtype.BF16);
    assertThat(p.kvBytesPerBlock()).isEqualTo(16 * perToken);
    // a plain model's block is unchanged: per-token KV of all its layers
    assertThat(MemoryPlanner.effectiveKvBytesPerTokenPerGpu(CATALOG.model("llama-3.1-8b"),
        Dtype.BF16, 1, 1200)).isEqualTo(131_072);
  }

  @Test
  void linearAttentionStateIsSpreadOverTheRequestsTokens() {
    // qwen3-next: 12 full layers (2 KV heads × 256) per token + 36 layers of state per sequence
    long full = 12L * 2 * 2 * 256 * 2;
    long state = CATALOG.model("qwen3-next-80b-a3b").stateBytesPerSequence();
    long perToken = MemoryPlanner.effectiveKvBytesPerTokenPerGpu(
        CATALOG.model("qwen3-next-80b-a3b"), Dtype.BF16, 1, 1200);
    assertThat(perToken).isEqualTo((full * 1200 + state + 1199) / 1200);
  }
}
