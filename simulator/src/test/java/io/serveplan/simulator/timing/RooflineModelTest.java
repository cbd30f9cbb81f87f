package io.serveplan.simulator.timing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.hardware.Operator;
import org.junit.jupiter.api.Test;

class RooflineModelTest {

  private static final Catalog CATALOG = Catalog.builtin();
  private static final ModelSpec LLAMA8 = CATALOG.model("llama-3.1-8b");
  private static final GpuSpec H100 = CATALOG.gpu("h100-sxm");

  private static RooflineModel model(ModelSpec m, GpuSpec g, int tp, Dtype w, Dtype kv,
      TimingCoefficients c) {
    return new RooflineModel(m, g, tp, w, kv, c);
  }

  private static RooflineModel vllm(ModelSpec m, int tp, Dtype w) {
    return model(m, H100, tp, w, Dtype.BF16, TimingCoefficients.fromPreset(CATALOG.engine("vllm")));
  }

  private static StepComposition decodes(int batch, int context) {
    StepComposition c = new StepComposition();
    for (int i = 0; i < batch; i++) {
      c.addDecode(context);
    }
    return c;
  }

  @Test
  void batchOneDecodeIsNeverFasterThanWeightBytesOverBandwidth() {
    double floorNs = LLAMA8.weightBytes(Dtype.BF16) / H100.bandwidthBytesPerSec() * 1e9;
    assertThat(floorNs).isCloseTo(4.8e6, within(0.1e6)); // 16 GB / 3.35 TB/s
    long ideal = model(LLAMA8, H100, 1, Dtype.BF16, Dtype.BF16, TimingCoefficients.ideal())
        .stepTimeNs(decodes(1, 1000));
    long preset = vllm(LLAMA8, 1, Dtype.BF16).stepTimeNs(decodes(1, 1000));
    // the input embedding is gathered, not streamed, so the ideal step reads a little less than
    // every weight byte; it must still take at least the bytes of the matrices it multiplies
    double matmulBytes = (LLAMA8.totalParams() - (double) LLAMA8.vocabSize() * LLAMA8.hiddenSize()) * 2;
    assertThat((double) ideal).isGreaterThanOrEqualTo(matmulBytes / H100.bandwidthBytesPerSec() * 1e9);
    assertThat((double) preset).isGreaterThan(floorNs);
    // first-principles band: ~6 ms at 0.8 memory efficiency, plus fixed overheads
    assertThat(preset / 1e6).isBetween(5.5, 8.0);
  }

  @Test
  void prefillIsNeverFasterThanItsFlopsOverPeak() {
    for (int n : new int[] {128, 1024, 8192}) {
      StepComposition c = new StepComposition();
      c.addPrefill(n, 0, true);
      long ns = model(LLAMA8, H100, 1, Dtype.BF16, Dtype.BF16, TimingCoefficients.ideal()).stepTimeNs(c);
      double flopsNs = n * LLAMA8.flopsPerToken() / H100.peakFlops(Dtype.BF16) * 1e9;
      // lm_head runs for the last position only, so subtract it from the per-token FLOPs bound
      double lmHead = (n - 1) * 2.0 * LLAMA8.lmHeadParams() / H100.peakFlops(Dtype.BF16) * 1e9;
      assertThat((double) ns).isGreaterThanOrEqualTo(flopsNs - lmHead);
    }
  }

  @Test
  void decodeIsBandwidthBoundAndLongPrefillComputeBound() {
    RooflineModel m = vllm(LLAMA8, 1, Dtype.BF16);
    StepBreakdown d = m.breakdown(decodes(8, 1000));
    assertThat(d.computeBoundNs()).isLessThan(d.memoryBoundNs() / 10);
    StepComposition p = new StepComposition();
    p.addPrefill(4096, 0, true);
    StepBreakdown b = m.breakdown(p);
    assertThat(b.computeBoundNs()).isGreaterThan(b.memoryBoundNs());
    assertThat(b.computeBound().get(Operator.FFN_GATE_UP)).isTrue();
  }

  @Test
  void attentionGrowsWithContext() {
    RooflineModel m = vllm(LLAMA8, 1, Dtype.BF16);
    long short1 = m.breakdown(decodes(32, 100)).operatorNs().get(Operator.ATTN);
    long long1 = m.breakdown(decodes(32, 10_000)).operatorNs().get(Operator.ATTN);
    assertThat(long1).isGreaterThan(50 * short1);
    // prefill: doubling the chunk roughly quadruples attention FLOPs
    StepComposition a = new StepComposition();
    a.addPrefill(4096, 0, true);
    StepComposition b = new StepComposition();
    b.addPrefill(8192, 0, true);
    assertThat(b.attentionPairs() / a.attentionPairs()).isCloseTo(4.0, within(0.01));
  }

  @Test
  void tensorParallelShortensStepsButAddsAllReduce() {
    StepComposition c = decodes(16, 2000);
    StepBreakdown one = vllm(LLAMA8, 1, Dtype.BF16).breakdown(c);
    StepBreakdown two = vllm(LLAMA8, 2, Dtype.BF16).breakdown(c);
    assertThat(two.totalNs()).isLessThan(one.totalNs());
    assertThat(one.operatorNs()).doesNotContainKey(Operator.ALL_REDUCE);
    assertThat(two.operatorNs().get(Operator.ALL_REDUCE)).isPositive();
    // not a perfect halving: the all-reduce and fixed overheads do not shrink
    assertThat(two.totalNs()).isGreaterThan(one.totalNs() / 2);
  }

  @Test
  void quantizedWeightsAndKvCutBytes() {
    StepComposition c = decodes(1, 1000);
    long bf16 = vllm(LLAMA8, 1, Dtype.BF16).stepTimeNs(c);
    long fp8 = vllm(LLAMA8, 1, Dtype.FP8).stepTimeNs(c);
    long int4 = vllm(LLAMA8, 1, Dtype.INT4).stepTimeNs(c);
    assertThat(fp8).isLessThan(bf16 * 7 / 10);
    assertThat(int4).isLessThan(fp8);
    TimingCoefficients v = TimingCoefficients.fromPreset(CATALOG.engine("vllm"));
    StepComposition longCtx = decodes(64, 8000);
    long kv16 = model(LLAMA8, H100, 1, Dtype.BF16, Dtype.BF16, v).breakdown(longCtx).operatorNs().get(Operator.ATTN);
    long kv8 = model(LLAMA8, H100, 1, Dtype.BF16, Dtype.FP8, v).breakdown(longCtx).operatorNs().get(Operator.ATTN);
    assertThat((double) kv8 / kv16).isCloseTo(0.5, within(0.05));
    // fp8 math only where the GPU has it: on an A100 fp8 weights compute at the 16-bit rate
    StepComposition prefill = new StepComposition();
    prefill.addPrefill(8192, 0, true);
    GpuSpec a100 = CATALOG.gpu("a100-80gb");
    long a100bf16 = model(LLAMA8, a100, 1, Dtype.BF16, Dtype.BF16, v).stepTimeNs(prefill);
    long a100fp8 = model(LLAMA8, a100, 1, Dtype.FP8, Dtype.BF16, v).stepTimeNs(prefill);
    long h100bf16 = model(LLAMA8, H100, 1, Dtype.BF16, Dtype.BF16, v).stepTimeNs(prefill);
    long h100fp8 = model(LLAMA8, H100, 1, Dtype.FP8, Dtype.BF16, v).stepTimeNs(prefill);
    assertThat((double) a100fp8 / a100bf16).isGreaterThan(0.9);
    assertThat((double) h100fp8 / h100bf16).isLessThan(0.7);
  }

  @Test
  void moeDecodeReadsOnlyTheExpertsItsTokensTouch() {
    ModelSpec mixtral = CATALOG.model("mixtral-8x7b");
    RooflineModel m = vllm(mixtral, 2, Dtype.BF16);
    long one = m.breakdown(decodes(1, 500)).operatorNs().get(Operator.FFN_GATE_UP);
    long many = m.breakdown(decodes(64, 500)).operatorNs().get(Operator.FFN_GATE_UP);
    // one token touches 2 of 8 experts; 64 tokens touch nearly all of them
    assertThat((double) many / one).isBetween(3.0, 4.5);
  }

  @Test
  void mlaCachesTheCompressedLatent() {
    ModelSpec ds = CATALOG.model("deepseek-v3");
    ModelSpec llama70 = CATALOG.model("llama-3.1-70b");
    assertThat(ds.kvCacheBytesPerToken(Dtype.BF16) / ds.numLayers())
        .isLessThan(llama70.kvCacheBytesPerToken(Dtype.BF16) / llama70.numLayers());
    RooflineModel m = model(ds, CATALOG.gpu("h200"), 8, Dtype.FP8, Dtype.BF16,
        TimingCoefficients.fromPreset(CATALOG.engine("vllm")));
    assertThat(m.stepTimeNs(decodes(32, 4000))).isPositive();
  }

  @Test
  void calibrationProfileRoundTripsThroughJson() {
    CalibrationProfile p = new CalibrationProfile("cpu-stories-15m", "cpu", "cpu-local",
        "stories-15m", H100, new TimingCoefficients(0.4, 0.7, 0.3, 120, 3, 1, 0.01), 0.97, 0.05,
        420, "2026-11-22T11:00:00Z");
    CalibrationProfile back = CalibrationProfile.fromJson(p.toJson());
    assertThat(back).isEqualTo(p);
    assertThat(p.toJson()).contains("\"mean_abs_rel_error\"", "\"per_step_overhead_us\"");
  }

  /** {@code g} with another NVLink domain size, every other fact the same. */
  private static GpuSpec withDomain(GpuSpec g, int domain) {
    return new GpuSpec(g.id(), g.name(), g.vendor(), g.memoryGb(), g.memoryBandwidthGbps(), g.bf16Tflops(),
        g.fp16Tflops(), g.fp8Tflops(), g.int8Tops(), g.fp32Tflops(), g.interconnectGbps(), g.tdpWatts(),
        g.nativeDtypes(), g.source(), g.asOf(), g.confidence(), g.notes(), g.fp4Tflops(), g.runtimeMemoryBytes(),
        domain, g.runtimeMemorySource());
  }

  @Test
  void tensorParallelismBeyondTheNvlinkDomainAllReducesOverTheNetwork() {
    GpuSpec board = CATALOG.gpu("b200");
    GpuSpec rack = CATALOG.gpu("gb200");
    assertThat(board.scaleUpDomainGpus()).isEqualTo(8);
    assertThat(rack.scaleUpDomainGpus()).isEqualTo(72);
    assertThat(RooflineModel.linkGbps(board, 8)).isEqualTo(board.interconnectGbps());
    assertThat(RooflineModel.linkGbps(board, 16)).isEqualTo(RooflineModel.SCALE_OUT_GBPS);
    assertThat(RooflineModel.linkGbps(rack, 64)).isEqualTo(rack.interconnectGbps());
    // a PCIe card (no NVLink domain) keeps its listed link across the GPUs of one host
    GpuSpec pcie = CATALOG.gpu("rtx-pro-6000");
    assertThat(RooflineModel.linkGbps(pcie, 4)).isEqualTo(pcie.interconnectGbps());

    // the same GPU at tp 16: on one NVL72 rack the all-reduce is an NVLink hop; across two
    // 8-GPU boards it waits for the 18x slower network, and nothing else in the step changes
    ModelSpec big = CATALOG.model("llama-3.1-405b");
    TimingCoefficients c = TimingCoefficients.fromPreset(CATALOG.engine("vllm"));
    StepComposition step = decodes(64, 2000);
    RooflineModel inRack = model(big, withDomain(board, 72), 16, Dtype.FP8, Dtype.BF16, c);
    RooflineModel twoBoards = model(big, board, 16, Dtype.FP8, Dtype.BF16, c);
    long rackAllReduce = inRack.breakdown(step).operatorNs().get(Operator.ALL_REDUCE);
    long boardsAllReduce = twoBoards.breakdown(step).operatorNs().get(Operator.ALL_REDUCE);
    assertThat(boardsAllReduce).isGreaterThan(5 * rackAllReduce);
    assertThat(twoBoards.breakdown(step).operatorNs().get(Operator.FFN_DOWN))
        .isEqualTo(inRack.breakdown(step).operatorNs().get(Operator.FFN_DOWN));
    assertThat(twoBoards.stepTimeNs(step)).isGreaterThan(inRack.stepTimeNs(step));
  }
}
