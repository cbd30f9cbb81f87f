package io.serveplan.simulator.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.simulator.spec.SpecException;
import org.junit.jupiter.api.Test;

class MemoryPlannerTest {

  private static final Catalog CATALOG = Catalog.builtin();

  private static MemoryPlan plan(String model, String gpu, int tp, Dtype w, Dtype kv, double util) {
    return MemoryPlanner.plan(CATALOG.model(model), CATALOG.gpu(gpu), tp, w, kv, util, 8192, 256,
        16, 1200);
  }

  @Test
  void llama8bOnH100LeavesAboutFiftyGigabytesOfKvCache() {
    MemoryPlan p = plan("llama-3.1-8b", "h100-sxm", 1, Dtype.BF16, Dtype.BF16, 0.9);
    assertThat(p.weightBytesPerGpu() / 1e9).isBetween(16.0, 16.1);
    assertThat(p.kvBytesPerBlock()).isEqualTo(16 * 131_072L); // 128 KiB per token
    assertThat(p.kvBytes() / 1e9).isBetween(50.0, 56.0);
    assertThat(p.numGpuBlocks()).isEqualTo((int) (p.kvBytes() / p.kvBytesPerBlock()));
    assertThat(p.maxConcurrency()).isEqualTo(p.numGpuBlocks() * 16 / 1200.0);
  }

  @Test
  void lowerUtilizationMeansFewerBlocks() {
    int at90 = plan("llama-3.1-8b", "h100-sxm", 1, Dtype.BF16, Dtype.BF16, 0.9).numGpuBlocks();
    int at50 = plan("llama-3.1-8b", "h100-sxm", 1, Dtype.BF16, Dtype.BF16, 0.5).numGpuBlocks();
    assertThat(at50).isLessThan(at90 / 2);
  }

  @Test
  void tensorParallelAndFp8MakeRoom() {
    int tp2 = plan("llama-3.1-70b", "h200", 2, Dtype.BF16, Dtype.BF16, 0.9).numGpuBlocks();
    int tp4 = plan("llama-3.1-70b", "h200", 4, Dtype.BF16, Dtype.BF16, 0.9).numGpuBlocks();
    int fp8tp2 = plan("llama-3.1-70b", "h200", 2, Dtype.FP8, Dtype.BF16, 0.9).numGpuBlocks();
    int fp8 = plan("llama-3.1-70b", "h200", 1, Dtype.FP8, Dtype.BF16, 0.9).numGpuBlocks();
    int fp8kv = plan("llama-3.1-70b", "h200", 1, Dtype.FP8, Dtype.FP8, 0.9).numGpuBlocks();
    assertThat(tp4).isGreaterThan(tp2 * 2);
    assertThat(fp8tp2).isGreaterThan(tp2);
    assertThat(fp8kv).isBetween(2 * fp8 - 1, 2 * fp8 + 1);
  }

  @Test
  void weightsThatDoNotFitAreRefusedWithTheNumbers() {
    assertThatThrownBy(() -> plan("llama-3.1-70b", "h100-sxm", 1, Dtype.BF16, Dtype.BF16, 0.9))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("hardware: llama-3.1-70b does not fit on h100-sxm with tensor_parallel 1")
        .hasMessageContaining("72.00 GB usable")
        .hasMessageContaining("141.")
        .hasMessageContaining("bf16 weights");
  }
}
