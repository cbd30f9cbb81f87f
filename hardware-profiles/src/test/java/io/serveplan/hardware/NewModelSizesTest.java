package io.serveplan.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Derived sizes of the models added at the end of 2026, each against its published parameter
 * counts and against a KV (or state) size worked out by hand here, at bf16, per token (the layers
 * that keep every token) and per sequence of 8192 tokens (every layer type at most).
 */
class NewModelSizesTest {

  private static final Catalog C = Catalog.builtin();
  private static final long L = 8192;

  /** bf16 bytes one token takes in one GQA layer: 2 (K, V) × kv heads × head dim × 2 bytes. */
  private static long gqa(int kvHeads, int headDim) {
    return 2L * kvHeads * headDim * 2;
  }

  static Stream<Arguments> models() {
    return Stream.of(
        // id, published total, published active, KV bytes/token, KV+state bytes per 8192-token sequence
        // gpt-oss-20b: 24 layers alternating sliding(128)/full: 12 full, 12 sliding
        Arguments.of("gpt-oss-20b", 20.91e9, 3.61e9, 12 * gqa(8, 64),
            12 * gqa(8, 64) * L + 12 * gqa(8, 64) * 128),
        Arguments.of("gpt-oss-120b", 116.83e9, 5.13e9, 18 * gqa(8, 64),
            18 * gqa(8, 64) * L + 18 * gqa(8, 64) * 128),
        // Llama 4: every 4th layer global, the other 36 chunked over 8192-token chunks
        Arguments.of("llama-4-scout", 109e9, 17e9, 12 * gqa(8, 128),
            12 * gqa(8, 128) * L + 36 * gqa(8, 128) * 8192),
        Arguments.of("llama-4-maverick", 400e9, 17e9, 12 * gqa(8, 128),
            12 * gqa(8, 128) * L + 36 * gqa(8, 128) * 8192),
        // Qwen3-Next: 12 full layers (2 KV heads × 256); 36 Gated DeltaNet layers with a state of
        // 32 value heads × 128 × 128 plus a conv state of 3 × (2·16·128 + 32·128), 16-bit
        Arguments.of("qwen3-next-80b-a3b", 80e9, 0.0, 12 * gqa(2, 256),
            12 * gqa(2, 256) * L + 36L * (32 * 128 * 128 + 3 * (2 * 16 * 128 + 32 * 128)) * 2),
        Arguments.of("qwen3-coder-480b-a35b", 480e9, 35e9, 62 * gqa(8, 128), 62 * gqa(8, 128) * L),
        // MLA: 61 layers × (512 latent + 64 rope) × 2 bytes
        Arguments.of("deepseek-v3.1", 671e9, 37e9, 61L * 576 * 2, 61L * 576 * 2 * L),
        // V3.2 adds the sparse indexer's 128-dim key per token per layer
        Arguments.of("deepseek-v3.2", 671e9, 37e9, 61L * (576 + 128) * 2, 61L * (576 + 128) * 2 * L),
        Arguments.of("kimi-k2", 1.04e12, 32e9, 61L * 576 * 2, 61L * 576 * 2 * L),
        Arguments.of("glm-4.5", 355e9, 32e9, 92 * gqa(8, 128), 92 * gqa(8, 128) * L),
        Arguments.of("glm-4.6", 355e9, 32e9, 92 * gqa(8, 128), 92 * gqa(8, 128) * L),
        // Gemma 3: 5 sliding(1024) : 1 global; 48 layers = 8 global, 62 layers = 10 global
        Arguments.of("gemma-3-12b", 12e9, 12e9, 8 * gqa(8, 256),
            8 * gqa(8, 256) * L + 40 * gqa(8, 256) * 1024),
        Arguments.of("gemma-3-27b", 27e9, 27e9, 10 * gqa(16, 128),
            10 * gqa(16, 128) * L + 52 * gqa(16, 128) * 1024),
        Arguments.of("mistral-small-3.2", 24e9, 24e9, 40 * gqa(8, 128), 40 * gqa(8, 128) * L),
        Arguments.of("llama-3.1-nemotron-70b", 70.55e9, 70.55e9, 80 * gqa(8, 128),
            80 * gqa(8, 128) * L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void derivedSizesMatchThePublishedCountsAndAHandComputation(String id, double total,
      double active, long kvPerToken, long kvPerSequence) {
    ModelSpec m = C.model(id);
    assertThat((double) m.totalParams()).as("total").isCloseTo(total, within(0.02 * total));
    if (active > 0) {
      assertThat((double) m.activeParamsAsPublished()).as("active")
          .isCloseTo(active, within(0.02 * active));
    }
    assertThat(m.kvCacheBytesPerToken(Dtype.BF16)).as("KV bytes per token").isEqualTo(kvPerToken);
    assertThat(m.kvCacheBytesPerSequence(Dtype.BF16, L)).as("bytes per 8192-token sequence")
        .isEqualTo(kvPerSequence);
    assertThat(m.source()).isNotBlank();
    assertThat(m.asOf()).isEqualTo("2026-12-02");
  }

  @Test
  void qwen3NextActiveCountIsTheRoundedThreeBillionOfItsName() {
    // the card publishes "3B activated" only; without embeddings the architecture gives 3.25B
    ModelSpec m = C.model("qwen3-next-80b-a3b");
    assertThat((double) m.activeParamsAsPublished()).isBetween(3.0e9, 3.5e9);
    assertThat(m.stateBytesPerSequence()).isEqualTo(36L * (32 * 128 * 128 + 3 * 8192) * 2);
  }

  @Test
  void fp8KvHalvesEveryLayerType() {
    for (String id : List.of("gpt-oss-120b", "llama-4-scout", "gemma-3-27b", "deepseek-v3.2")) {
      ModelSpec m = C.model(id);
      assertThat(m.kvCacheBytesPerSequence(Dtype.FP8, L) * 2)
          .as(id).isEqualTo(m.kvCacheBytesPerSequence(Dtype.BF16, L));
    }
  }

  @Test
  void slidingLayersStopGrowingPastTheirWindow() {
    ModelSpec m = C.model("gpt-oss-120b");
    long fullOnly = 18 * gqa(8, 64);
    // one more token adds only the full layers' bytes once the sliding window is full
    assertThat(m.kvCacheBytesPerSequence(Dtype.BF16, 5001) - m.kvCacheBytesPerSequence(Dtype.BF16, 5000))
        .isEqualTo(fullOnly);
    assertThat(m.kvCacheBytesPerSequence(Dtype.BF16, 101) - m.kvCacheBytesPerSequence(Dtype.BF16, 100))
        .isEqualTo(2 * fullOnly);
  }

  @Test
  void gptOssShipsMxfp4ExpertsWithSixteenBitAttention() {
    ModelSpec m = C.model("gpt-oss-120b");
    long experts = 36L * 128 * 3 * 2880 * 2880;
    double expected = experts * (0.5 + 1.0 / 32) + (m.totalParams() - experts) * 2.0;
    assertThat(m.weightBytes(Dtype.MXFP4)).isEqualTo((long) Math.ceil(expected));
    assertThat(m.weightBytes(Dtype.MXFP4) / 1e9).isBetween(64.0, 66.0); // the ~65 GB checkpoint
    assertThat(m.mixerWeightBytesPerParam(Dtype.MXFP4)).isEqualTo(2.0);
  }

  @Test
  void fourBitFloatsCountTheirBlockScales() {
    assertThat(Dtype.FP4.bytes()).isEqualTo(0.5 + 1.0 / 16); // e2m1 + an fp8 scale per 16
    assertThat(Dtype.MXFP4.bytes()).isEqualTo(0.5 + 1.0 / 32); // e2m1 + an e8m0 scale per 32
    // nvfp4 quantizes every linear layer; embeddings and LM head stay 16-bit
    ModelSpec m = C.model("llama-3.1-8b");
    long emb = m.embeddingParams() + m.hiddenSize();
    long norms = 2L * m.hiddenSize() * m.numLayers();
    double expected = (m.totalParams() - emb - norms) * Dtype.FP4.bytes() + (emb + norms) * 2.0;
    assertThat(m.weightBytes(Dtype.FP4)).isEqualTo((long) Math.ceil(expected));
  }

  @Test
  void aFineTuneReusesItsBaseShape() {
    ModelSpec base = C.model("llama-3.1-70b");
    ModelSpec ft = C.model("llama-3.1-nemotron-70b");
    assertThat(ft.totalParams()).isEqualTo(base.totalParams());
    assertThat(ft.hfRepo()).isEqualTo("nvidia/Llama-3.1-Nemotron-70B-Instruct-HF");
    assertThat(ft.source()).contains("fine-tune");
    assertThat(C.model("glm-4.6").maxPositionEmbeddings()).isEqualTo(202752);
    assertThat(C.model("glm-4.6").totalParams()).isEqualTo(C.model("glm-4.5").totalParams());
  }

  @Test
  void unknownBaseModelAndLayerTypeAreRejectedNamingTheField() {
    String ft = "models:\n  - {id: ft, name: x, base_model: nope, source: s, as_of: '2026-12-02'}\n";
    assertThatThrownBy(() -> read(ft)).hasMessageContaining("models[ft].base_model: 'nope' is not an entry earlier in this file")
        .hasMessageContaining("nope");
    String bad = "models:\n  - {id: m, name: x, hidden_size: 64, intermediate_size: 128, num_layers: 2,"
        + " num_heads: 4, num_kv_heads: 2, head_dim: 16, vocab_size: 100, max_position_embeddings: 64,"
        + " tie_word_embeddings: false, source: s, as_of: d,"
        + " attention: {layer_pattern: [sliding, global], sliding_window: 8}}\n";
    assertThatThrownBy(() -> read(bad)).hasMessageContaining("models[m].attention.layer_pattern[1]: unknown value 'global'")
        .hasMessageContaining("allowed: full, sliding, chunked, linear");
    String noWindow = bad.replace("global], sliding_window: 8", "full]");
    assertThatThrownBy(() -> read(noWindow)).hasMessageContaining("models[m].attention.sliding_window: required with sliding layers");
  }

  @Test
  void newGpusHaveFp4WhereTheyHaveItAndTheirNvlinkDomain() {
    assertThat(C.gpu("gb200").scaleUpDomainGpus()).isEqualTo(72);
    assertThat(C.gpu("gb300").scaleUpDomainGpus()).isEqualTo(72);
    assertThat(C.gpu("b300").peakFlops(Dtype.FP4)).isEqualTo(13125e12);
    // MI355X computes MXFP4 natively but not NVFP4; an H100 neither (weight-only, 16-bit math)
    assertThat(C.gpu("mi355x").peakFlops(Dtype.MXFP4)).isEqualTo(10066.3e12);
    assertThat(C.gpu("mi355x").peakFlops(Dtype.FP4)).isEqualTo(C.gpu("mi355x").peakFlops(Dtype.BF16));
    assertThat(C.gpu("h100-sxm").peakFlops(Dtype.FP4)).isEqualTo(C.gpu("h100-sxm").peakFlops(Dtype.BF16));
    for (String id : CatalogTest.NEW_GPUS) {
      GpuSpec g = C.gpu(id);
      assertThat(g.source()).as(id).isNotBlank();
      assertThat(g.asOf()).as(id).isEqualTo("2026-12-02");
      assertThat(g.tdpWatts()).as(id).isPositive();
    }
  }

  private static Catalog read(String yaml) {
    return Catalog.builtin().merge("test.yaml", yaml);
  }
}
