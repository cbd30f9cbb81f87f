package io.serveplan.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogTest {

  static final List<String> DESIGN_GPUS =
      List.of("h100-sxm", "h100-pcie", "h100-nvl", "h200", "a100-40gb", "a100-80gb", "l40s", "l4",
          "a10g", "rtx-4090", "b200", "mi300x", "mi325x");
  static final List<String> DESIGN_MODELS =
      List.of("llama-2-7b", "llama-2-70b", "llama-3.1-8b", "llama-3.1-70b", "llama-3.1-405b",
          "llama-3.2-1b", "llama-3.2-3b", "llama-3.3-70b", "mistral-7b", "mixtral-8x7b",
          "mixtral-8x22b", "qwen2.5-7b", "qwen2.5-72b", "qwen3-8b", "qwen3-32b", "qwen3-30b-a3b",
          "qwen3-235b-a22b", "deepseek-v3", "gemma-2-9b", "gemma-2-27b", "phi-3-mini", "phi-4",
          "codellama-34b", "stories-15m", "stories-42m", "stories-110m");
  /** Added by issue 24 (models and GPUs deployed at the end of 2026). */
  static final List<String> NEW_GPUS =
      List.of("b300", "gb200", "gb300", "mi355x", "h20", "rtx-pro-6000");
  static final List<String> NEW_MODELS =
      List.of("gpt-oss-20b", "gpt-oss-120b", "llama-4-scout", "llama-4-maverick",
          "qwen3-next-80b-a3b", "qwen3-coder-480b-a35b", "deepseek-v3.1", "deepseek-v3.2", "kimi-k2",
          "glm-4.5", "glm-4.6", "gemma-3-12b", "gemma-3-27b", "mistral-small-3.2",
          "llama-3.1-nemotron-70b");

  @TempDir Path dir;

  @Test
  void builtinCatalogHasEveryDesignIdWithSourceAndDate() {
    Catalog c = Catalog.builtin();
    assertThat(c.gpuIds()).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(DESIGN_GPUS.stream(), NEW_GPUS.stream()).toList());
    assertThat(c.modelIds()).containsExactlyInAnyOrderElementsOf(
        java.util.stream.Stream.concat(DESIGN_MODELS.stream(), NEW_MODELS.stream()).toList());
    assertThat(c.engineIds()).containsExactly("vllm", "sglang", "trtllm", "tgi", "llamacpp");
    c.gpus().forEach(g -> assertThat(g.source()).as(g.id()).isNotBlank());
    c.models().forEach(m -> assertThat(m.asOf()).as(m.id()).isNotBlank());
  }

  @Test
  void computedParameterCountsLandWithinTwoPercentOfPublishedCounts() {
    for (ModelSpec m : Catalog.builtin().models()) {
      assertThat((double) m.totalParams())
          .as("total params of %s", m.id())
          .isCloseTo(m.publishedTotalParams(), within(0.02 * m.publishedTotalParams()));
      if (m.id().equals("qwen3-next-80b-a3b")) {
        continue; // only a rounded "3B activated" is published: see ModelSizesTest
      }
      assertThat((double) m.activeParamsAsPublished())
          .as("active params of %s (counted %s)", m.id(), m.activeParamsCounting())
          .isCloseTo(m.publishedActiveParams(), within(0.02 * m.publishedActiveParams()));
    }
  }

  @Test
  void llama31_8bHasItsKnownSizes() {
    ModelSpec m = Catalog.builtin().model("llama-3.1-8b");
    assertThat((double) m.totalParams()).isCloseTo(8.03e9, within(0.02 * 8.03e9));
    // 2 (K and V) × 32 layers × 8 KV heads × 128 head dim × 2 bytes
    assertThat(m.kvCacheBytesPerToken(Dtype.BF16)).isEqualTo(131072);
    assertThat(m.kvCacheBytesPerToken(Dtype.FP8)).isEqualTo(65536);
    assertThat(m.weightBytes(Dtype.BF16)).isEqualTo(2 * m.totalParams());
    assertThat(m.isMoe()).isFalse();
  }

  @Test
  void deepseekV3CachesTheMlaLatentOnly() {
    ModelSpec m = Catalog.builtin().model("deepseek-v3");
    assertThat(m.isMla()).isTrue();
    assertThat(m.kvCacheBytesPerToken(Dtype.BF16)).isEqualTo(61L * (512 + 64) * 2);
    assertThat(m.numMoeLayers()).isEqualTo(58);
  }

  @Test
  void moeActiveParamsCountOnlyRoutedAndSharedExperts() {
    ModelSpec m = Catalog.builtin().model("mixtral-8x7b");
    assertThat(m.activeParams()).isLessThan(m.totalParams() / 3);
    assertThat(m.flopsPerToken()).isCloseTo(2.0 * (m.activeParams() - 32000L * 4096), within(1.0));
  }

  @Test
  void gpuPeakFallsBackToSixteenBitWhereFp8IsNotNative() {
    Catalog c = Catalog.builtin();
    assertThat(c.gpu("a100-80gb").peakFlops(Dtype.FP8)).isEqualTo(312e12);
    assertThat(c.gpu("h100-sxm").peakFlops(Dtype.FP8)).isEqualTo(1978.9e12);
    assertThat(c.gpu("h100-sxm").bandwidthBytesPerSec()).isEqualTo(3350e9);
  }

  @Test
  void unknownIdNamesTheKnownIds() {
    assertThatThrownBy(() -> Catalog.builtin().gpu("h101"))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("unknown hardware id 'h101'")
        .hasMessageContaining("h100-sxm");
  }

  @Test
  void userFileOverridesAndAddsEntries() throws IOException {
    Files.writeString(dir.resolve("mine.yaml"), gpuEntry("h100-sxm", "3000") + gpuItem("my-gpu", "1000"));
    Catalog c = Catalog.load(Optional.of(dir));
    assertThat(c.gpu("h100-sxm").memoryBandwidthGbps()).isEqualTo(3000);
    assertThat(c.gpu("my-gpu").memoryBandwidthGbps()).isEqualTo(1000);
    assertThat(c.gpuIds()).hasSize(DESIGN_GPUS.size() + NEW_GPUS.size() + 1);
    assertThat(Catalog.builtin().gpu("h100-sxm").memoryBandwidthGbps()).isEqualTo(3350);
  }

  @Test
  void negativeBandwidthIsRejectedNamingFileEntryAndField() throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, gpuEntry("neg-gpu", "-5"));
    assertThatThrownBy(() -> Catalog.load(Optional.of(dir)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("gpus[neg-gpu].memory_bandwidth_gbps: must be in (0, 80,000] GB/s, got -5");
  }

  @Test
  void valuesOutsideThePhysicalRangesAreRejectedNamingTheRange() throws IOException {
    Path f = dir.resolve("huge.yaml");
    Files.writeString(f, gpuEntry("huge-gpu", "1e308"));

    assertThatThrownBy(() -> Catalog.load(Optional.of(dir)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("gpus[huge-gpu].memory_bandwidth_gbps: must be in (0, 80,000] GB/s, got 1.0E308");
    assertThat(PhysicalRanges.problem("memory_gb", 2147483648.0)).hasValueSatisfying(m -> assertThat(m).contains("1,024] GB"));
    assertThat(PhysicalRanges.problem("compute_efficiency", 5e-324)).hasValueSatisfying(m -> assertThat(m).contains("(0.01, 1]"));
    assertThat(PhysicalRanges.problem("per_step_overhead_us", 1e308)).hasValueSatisfying(m -> assertThat(m).contains("1,000,000] us"));
    assertThat(PhysicalRanges.problem("memory_gb", 80)).isEmpty();
  }

  @Test
  void theBuiltInCatalogLoadsWithinTheRanges() {
    assertThat(Catalog.builtin().gpuIds()).isNotEmpty();
  }

  @Test
  void missingFieldIsRejectedNamingFileEntryAndField() throws IOException {
    Path f = dir.resolve("missing.yaml");
    Files.writeString(f, gpuEntry("no-src", "100").replace("    source: s\n", ""));
    assertThatThrownBy(() -> Catalog.load(Optional.of(dir)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("gpus[no-src].source: required");
  }

  @Test
  void duplicateIdIsRejectedNamingFileEntryAndField() throws IOException {
    Path f = dir.resolve("dup.yaml");
    Files.writeString(f, gpuEntry("twice", "100") + gpuItem("twice", "200"));
    assertThatThrownBy(() -> Catalog.load(Optional.of(dir)))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("gpus[twice].id: duplicate id");
  }

  @Test
  void modelWithKvHeadsNotDividingHeadsIsRejected() throws IOException {
    Path f = dir.resolve("model.yaml");
    Files.writeString(f, """
        models:
          - id: odd
            name: odd
            hidden_size: 64
            intermediate_size: 128
            num_layers: 2
            num_heads: 4
            num_kv_heads: 3
            head_dim: 16
            vocab_size: 100
            max_position_embeddings: 128
            tie_word_embeddings: true
            source: test
            as_of: "2026-11-22"
        """);
    assertThatThrownBy(() -> Catalog.load(Optional.of(dir)))
        .hasMessageContaining("models[odd].num_kv_heads: must divide num_heads (4), got 3");
  }

  @Test
  void unknownFieldIsRejectedWithTheAllowedFields() throws IOException {
    Files.writeString(dir.resolve("typo.yaml"), gpuEntry("typo", "100").replace("tdp_watts", "tdp_wats"));
    assertThatThrownBy(() -> Catalog.load(Optional.of(dir)))
        .hasMessageContaining("gpus[typo].tdp_wats: unknown field (did you mean tdp_watts?); allowed:");
  }

  @Test
  void withGpuAddsAMeasuredMachine() {
    GpuSpec cpu = Catalog.builtin().gpu("l4");
    GpuSpec local = new GpuSpec("cpu-local", "this machine", "local", 16, 20, 0.2, 0.2, 0, 0, 0.2,
        0, 0, java.util.Set.of(Dtype.FP32), "measured", "2026-11-22", "measured", "");
    Catalog c = Catalog.builtin().withGpu(local);
    assertThat(c.gpu("cpu-local").memoryBandwidthGbps()).isEqualTo(20);
    assertThat(c.gpu("l4")).isEqualTo(cpu);
  }

  @Test
  void mergingADocumentValidatesItAndAddsItsEntries() {
    Catalog c = Catalog.builtin().merge("stored entry x", gpuEntry("x-gpu", "1234"));
    assertThat(c.gpu("x-gpu").memoryBandwidthGbps()).isEqualTo(1234);
    assertThatThrownBy(() -> Catalog.builtin().merge("stored entry y", gpuEntry("y-gpu", "0")))
        .hasMessageContaining("stored entry y: gpus[y-gpu].memory_bandwidth_gbps: must be in (0, 80,000] GB/s, got 0");
  }

  private static String gpuEntry(String id, String bw) {
    return "gpus:\n" + gpuItem(id, bw);
  }

  private static String gpuItem(String id, String bw) {
    return """
          - id: %s
            name: test gpu
            memory_gb: 80
            memory_bandwidth_gbps: %s
            bf16_tflops: 100
            fp16_tflops: 100
            fp8_tflops: 0
            int8_tops: 0
            fp32_tflops: 10
            interconnect_gbps: 0
            tdp_watts: 300
            native_dtypes: [fp32, bf16]
            source: s
            as_of: "2026-11-22"
        """.formatted(id, bw);
  }
}
