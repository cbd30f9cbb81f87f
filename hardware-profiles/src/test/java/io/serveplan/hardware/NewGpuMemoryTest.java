package io.serveplan.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The memory the runtime reports (issue 24): {@code memory_runtime_bytes} is read, preferred by
 * {@link GpuSpec#memoryBytes()} over the datasheet's {@code memory_gb} × 1e9, and refused when it
 * cannot be this GPU's (negative, or more than 2% above memory_gb read as GiB).
 */
class NewGpuMemoryTest {

  private static final Catalog C = Catalog.builtin();
  private static final long MIB = 1L << 20;

  /** A user GPU entry with the given memory_gb and extra lines (already indented). */
  private static String gpu(String id, String memoryGb, String extra) {
    return """
        gpus:
          - id: %s
            name: test GPU
            memory_gb: %s
            memory_bandwidth_gbps: 1000
            bf16_tflops: 100
            fp16_tflops: 100
            fp8_tflops: 0
            int8_tops: 0
            fp32_tflops: 10
            interconnect_gbps: 0
            tdp_watts: 300
            native_dtypes: [fp32, bf16]
            source: "test"
            as_of: "2026-12-02"
        %s""".formatted(id, memoryGb, extra);
  }

  @Test
  void citedRuntimeTotalsParseAsNvidiaSmiMibTimesMib() {
    // the nvidia-smi totals cited in gpus.yaml: H20 97871 MiB, RTX PRO 6000 97887 MiB
    assertThat(C.gpu("h20").runtimeMemoryBytes()).isEqualTo(97871 * MIB);
    assertThat(C.gpu("rtx-pro-6000").runtimeMemoryBytes()).isEqualTo(97887 * MIB);
    assertThat(C.gpu("h20").runtimeMemorySource()).contains("NVIDIA/nvtrust issue 128").contains("2026-01-05");
    assertThat(C.gpu("rtx-pro-6000").runtimeMemorySource()).contains("vllm-project/vllm issue 27542")
        .contains("2025-11-13");
  }

  @Test
  void planningMemoryIsTheRuntimeFigureWhereCitedAndTheDatasheetKeepsItsOwn() {
    GpuSpec h20 = C.gpu("h20");
    assertThat(h20.hasRuntimeMemory()).isTrue();
    assertThat(h20.memoryBytes()).isEqualTo(97871 * MIB);
    assertThat(h20.memoryGb()).isEqualTo(96);
    assertThat(h20.datasheetMemoryBytes()).isEqualTo(96_000_000_000L);
  }

  @Test
  void withoutARuntimeFigurePlanningFallsBackToTheDatasheet() {
    for (String id : new String[] {"b300", "gb200", "gb300", "mi355x", "h100-sxm", "b200"}) {
      GpuSpec g = C.gpu(id);
      assertThat(g.hasRuntimeMemory()).as(id).isFalse();
      assertThat(g.runtimeMemorySource()).as(id).isEmpty();
      assertThat(g.memoryBytes()).as(id).isEqualTo((long) (g.memoryGb() * 1e9));
    }
    GpuSpec user = C.merge("u.yaml", gpu("plain-gpu", "48", "")).gpu("plain-gpu");
    assertThat(user.memoryBytes()).isEqualTo(48_000_000_000L);
  }

  @Test
  void aUserEntryWithARuntimeFigureIsPlannedWithIt() {
    GpuSpec g = C.merge("u.yaml", gpu("rt-gpu", "48", """
            memory_runtime_bytes: %d
            memory_runtime_source: "nvidia-smi 46068MiB, test"
        """.formatted(46068 * MIB))).gpu("rt-gpu");
    assertThat(g.memoryBytes()).isEqualTo(46068 * MIB);
    assertThat(g.datasheetMemoryBytes()).isEqualTo(48_000_000_000L);
  }

  @Test
  void aNegativeRuntimeFigureIsRefusedNamingTheField() {
    assertThatThrownBy(() -> C.merge("u.yaml", gpu("neg-gpu", "96", """
            memory_runtime_bytes: -5
            memory_runtime_source: "test"
        """)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("gpus[neg-gpu].memory_runtime_bytes: must be in [1, 105,140,799,406] bytes")
        .hasMessageContaining("got -5");
  }

  @Test
  void aRuntimeFigureMoreThanTwoPercentAboveTheDatasheetIsRefused() {
    // 96 GiB + 2% = 105,140,799,406 bytes; 96 GiB + 3% is over it (a unit slip or another GPU's value)
    long over = (long) (96 * (1L << 30) * 1.03);
    assertThatThrownBy(() -> C.merge("u.yaml", gpu("big-gpu", "96", """
            memory_runtime_bytes: %d
            memory_runtime_source: "test"
        """.formatted(over))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("gpus[big-gpu].memory_runtime_bytes: must be in [1, 105,140,799,406] bytes "
            + "(memory_gb 96 read as GiB, plus 2%)");
    // just under the bound is accepted
    long under = (long) (96 * (1L << 30) * 1.019);
    assertThat(C.merge("u.yaml", gpu("ok-gpu", "96", """
            memory_runtime_bytes: %d
            memory_runtime_source: "test"
        """.formatted(under))).gpu("ok-gpu").memoryBytes()).isEqualTo(under);
  }

  @Test
  void aRuntimeFigureNeedsItsSourceAndAFractionIsNoByteCount() {
    assertThatThrownBy(() -> C.merge("u.yaml", gpu("nosrc-gpu", "96", """
            memory_runtime_bytes: %d
        """.formatted(97871 * MIB))))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("gpus[nosrc-gpu].memory_runtime_source: required");
    assertThatThrownBy(() -> C.merge("u.yaml", gpu("frac-gpu", "96", """
            memory_runtime_bytes: 1.5
            memory_runtime_source: "test"
        """)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("gpus[frac-gpu].memory_runtime_bytes:");
    assertThatThrownBy(() -> C.merge("u.yaml", gpu("lone-src-gpu", "96", """
            memory_runtime_source: "test"
        """)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("gpus[lone-src-gpu].memory_runtime_source: only with memory_runtime_bytes");
  }
}
