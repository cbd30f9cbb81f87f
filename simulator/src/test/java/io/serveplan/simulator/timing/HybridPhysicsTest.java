package io.serveplan.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.hardware.AttentionLayout;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.LayerType;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.hardware.Operator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The time model's physics for layer types other than full attention, and for 4-bit weights. */
class HybridPhysicsTest {

  private static final Catalog C = Catalog.builtin();
  private static final GpuSpec H100 = C.gpu("h100-sxm");
  private static final GpuSpec B200 = C.gpu("b200");
  private static final TimingCoefficients IDEAL = TimingCoefficients.ideal();

  private static StepComposition decodes(int batch, int context) {
    StepComposition c = new StepComposition();
    for (int i = 0; i < batch; i++) {
      c.addDecode(context);
    }
    return c;
  }

  private static double attnNs(RooflineModel m, StepComposition c) {
    return m.breakdown(c).operatorNs().getOrDefault(Operator.ATTN, 0L);
  }

  /** The same model with every layer of the given type (window and chunk kept). */
  private static ModelSpec allLayers(ModelSpec m, LayerType t) {
    AttentionLayout a = m.attention();
    AttentionLayout all = new AttentionLayout(List.of(t), a.slidingWindow(), a.chunkSize(),
        a.sinkTokens(), a.learnedSinks(), a.gatedQuery(), a.linear(), a.sparse());
    return new ModelSpec(m.id() + "-all-" + t.id(), m.name(), m.hfRepo(), m.hiddenSize(),
        m.intermediateSize(), m.numLayers(), m.numHeads(), m.numKvHeads(), m.headDim(),
        m.vocabSize(), m.maxPositionEmbeddings(), m.tieWordEmbeddings(), m.qkvBias(),
        m.numExperts(), m.expertsPerToken(), m.numSharedExperts(), m.moeIntermediateSize(),
        m.firstKDenseLayers(), m.kvLoraRank(), m.qLoraRank(), m.qkNopeHeadDim(),
        m.qkRopeHeadDim(), m.vHeadDim(), m.publishedTotalParams(), m.publishedActiveParams(),
        m.source(), m.asOf(), m.confidence(), m.notes(), all, m.moeLayerStep(),
        m.activeParamsCounting());
  }

  @Test
  void slidingWindowDecodeStopsGrowingWithContextBeyondTheWindow() {
    ModelSpec gemma = C.model("gemma-3-27b"); // window 1024
    RooflineModel sliding = new RooflineModel(allLayers(gemma, LayerType.SLIDING), H100, 1,
        Dtype.BF16, Dtype.BF16, IDEAL);
    // inside the window attention grows with context ...
    assertThat(attnNs(sliding, decodes(64, 900))).isGreaterThan(attnNs(sliding, decodes(64, 300)) * 2);
    // ... beyond it, it reads the window and no more
    assertThat(attnNs(sliding, decodes(64, 16000))).isEqualTo(attnNs(sliding, decodes(64, 2000)));
    assertThat(sliding.stepTimeNs(decodes(64, 16000))).isEqualTo(sliding.stepTimeNs(decodes(64, 2000)));
  }

  @Test
  void aFiveToOneModelGrowsOnlyByItsGlobalLayersBeyondTheWindow() {
    ModelSpec gemma = C.model("gemma-3-27b"); // 10 global of 62 layers
    RooflineModel hybrid = new RooflineModel(gemma, H100, 1, Dtype.BF16, Dtype.BF16, IDEAL);
    RooflineModel full = new RooflineModel(allLayers(gemma, LayerType.FULL), H100, 1, Dtype.BF16,
        Dtype.BF16, IDEAL);
    double hybridGrowth = attnNs(hybrid, decodes(64, 16000)) - attnNs(hybrid, decodes(64, 4000));
    double fullGrowth = attnNs(full, decodes(64, 16000)) - attnNs(full, decodes(64, 4000));
    // memory-bound decode attention: growth is in proportion to the layers that read all of it
    assertThat(hybridGrowth / fullGrowth).isCloseTo(10.0 / 62, within(0.005));
  }

  @Test
  void chunkedLocalAttentionReadsOnlyTheCurrentChunk() {
    ModelSpec scout = C.model("llama-4-scout"); // chunk 8192
    RooflineModel chunked = new RooflineModel(allLayers(scout, LayerType.CHUNKED), H100, 8,
        Dtype.BF16, Dtype.BF16, IDEAL);
    // position 8192 + 100 attends to the 101 tokens of its chunk, as position 100 does
    assertThat(attnNs(chunked, decodes(16, 8192 + 100))).isEqualTo(attnNs(chunked, decodes(16, 100)));
  }

  @Test
  void aggregatedDecodesSeeLocalLayersAtTheirMeanContext() {
    StepComposition one = decodes(8, 3000);
    StepComposition agg = new StepComposition();
    agg.addDecodes(8, 8 * 3000L);
    assertThat(agg.windowedPairs(1024)).isEqualTo(one.windowedPairs(1024));
    assertThat(agg.windowedKvReadTokens(128)).isEqualTo(8 * 128.0);
    // prefill of 2000 tokens after 0 with window 1024: Σ min(p + 1, 1024) over p < 2000
    StepComposition p = new StepComposition();
    p.addPrefill(2000, 0, true);
    assertThat(p.windowedPairs(1024)).isEqualTo(1024.0 * 1025 / 2 + 976.0 * 1024);
    assertThat(p.chunkedPairs(1000)).isEqualTo(2 * (1000.0 * 1001 / 2));
  }

  @Test
  void linearAttentionLayersReadAFixedStatePerSequence() {
    ModelSpec next = C.model("qwen3-next-80b-a3b");
    RooflineModel linear = new RooflineModel(allLayers(next, LayerType.LINEAR), H100, 1,
        Dtype.BF16, Dtype.BF16, IDEAL);
    assertThat(attnNs(linear, decodes(32, 60000))).isEqualTo(attnNs(linear, decodes(32, 100)));
    // its state is read and written once per sequence: twice the batch, twice the bytes
    // per layer: 32 sequences × (read + write) × state elements × 2 bytes
    double perLayerBytes = 32 * 2.0 * next.attention().linear().stateElements() * 2;
    double perLayerNs = perLayerBytes / H100.bandwidthBytesPerSec() * 1e9;
    assertThat(attnNs(linear, decodes(32, 100)) / 48).isGreaterThanOrEqualTo(perLayerNs * 0.99);
  }

  @Test
  void fp4WeightsReadHalfTheBytesOfFp8PlusTheirBlockScales() {
    ModelSpec llama = C.model("llama-3.1-8b");
    // batch-one decode: the MLP matrices are bandwidth-bound, so time follows weight bytes
    StepComposition d = decodes(1, 1000);
    double fp8 = new RooflineModel(llama, H100, 1, Dtype.FP8, Dtype.BF16, IDEAL).breakdown(d)
        .operatorNs().get(Operator.FFN_DOWN);
    double fp4 = new RooflineModel(llama, H100, 1, Dtype.FP4, Dtype.BF16, IDEAL).breakdown(d)
        .operatorNs().get(Operator.FFN_DOWN);
    assertThat(fp4 / fp8).isCloseTo(Dtype.FP4.bytes() / Dtype.FP8.bytes(), within(0.01)); // 0.5625
    assertThat(Dtype.FP4.bytes() - 1.0 / 16).isEqualTo(Dtype.FP8.bytes() / 2); // the values halve
  }

  @Test
  void fp4RunsAtTheFp4TensorRateWhereTheGpuHasOneElseWeightOnly() {
    ModelSpec llama = C.model("llama-3.1-8b");
    StepComposition prefill = new StepComposition();
    prefill.addPrefill(8192, 0, true); // compute-bound
    double b200Fp8 = new RooflineModel(llama, B200, 1, Dtype.FP8, Dtype.BF16, IDEAL)
        .breakdown(prefill).operatorNs().get(Operator.FFN_GATE_UP);
    double b200Fp4 = new RooflineModel(llama, B200, 1, Dtype.FP4, Dtype.BF16, IDEAL)
        .breakdown(prefill).operatorNs().get(Operator.FFN_GATE_UP);
    assertThat(b200Fp4 / b200Fp8).isCloseTo(4500.0 / 9000, within(0.01));
    double h100Bf16 = new RooflineModel(llama, H100, 1, Dtype.BF16, Dtype.BF16, IDEAL)
        .breakdown(prefill).operatorNs().get(Operator.FFN_GATE_UP);
    double h100Fp4 = new RooflineModel(llama, H100, 1, Dtype.FP4, Dtype.BF16, IDEAL)
        .breakdown(prefill).operatorNs().get(Operator.FFN_GATE_UP);
    assertThat(h100Fp4 / h100Bf16).isCloseTo(1.0, within(0.01)); // no FP4 tensor cores: 16-bit math
  }

  @Test
  void mxfp4MoeKeepsAttentionSixteenBit() {
    ModelSpec oss = C.model("gpt-oss-120b");
    StepComposition d = decodes(1, 1000);
    var bf16 = new RooflineModel(oss, H100, 1, Dtype.BF16, Dtype.BF16, IDEAL).breakdown(d).operatorNs();
    var mx = new RooflineModel(oss, H100, 1, Dtype.MXFP4, Dtype.BF16, IDEAL).breakdown(d).operatorNs();
    assertThat((double) mx.get(Operator.ATTN_QKV)).isCloseTo(bf16.get(Operator.ATTN_QKV), within(1.0));
    assertThat((double) mx.get(Operator.FFN_DOWN) / bf16.get(Operator.FFN_DOWN))
        .isCloseTo(Dtype.MXFP4.bytes() / 2, within(0.01));
  }
}
