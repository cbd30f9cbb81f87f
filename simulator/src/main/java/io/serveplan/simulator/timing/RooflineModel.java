package io.serveplan.simulator.timing;

import io.serveplan.hardware.AttentionLayout;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.ModelSpec;
import io.serveplan.hardware.Operator;
import java.util.EnumMap;
import java.util.Map;

/**
 * The execution-time model: a roofline per operator, per GPU of a tensor-parallel replica.
 *
 * <pre>
 *   t(op)   = max( FLOPs(op) / (peak × eff_c) ,  bytes(op) / (bandwidth × eff_m) )
 *   t(step) = Σ_op t(op)  +  all-reduce  +  step + layers × layer + seqs × seq + tokens × token overheads
 * </pre>
 *
 * Per layer, for a step of T tokens (N sequences), each GPU holding 1/tp of every matrix:
 *
 * <ul>
 *   <li>{@code attn_qkv}, {@code attn_out}, {@code ffn_gate_up}, {@code ffn_down}: 2·T·params/tp
 *       FLOPs; weight bytes read once per step (this is what makes decode bandwidth-bound), plus
 *       activations. MoE layers read only the experts the step's tokens touch: with E experts,
 *       top-k routing and T tokens, E·(1 − (1 − k/E)^T) distinct experts are expected, plus the
 *       shared ones.
 *   <li>{@code attn}: FLOPs = Σ over tokens of the positions each attends to × 2·heads·(d_qk+d_v)
 *       (prefill grows quadratically with the chunk); bytes = each sequence's cached K/V once
 *       (decode reads every sequence's whole context). MLA caches the compressed latent, which
 *       every GPU of the group holds whole.
 *   <li>{@code kv_write}, {@code rope}, norms, {@code ffn_act}: element-wise, bandwidth-bound.
 *   <li>{@code all_reduce} (tp &gt; 1): two per layer of T·hidden 16-bit activations, ring model:
 *       2(tp−1)/tp · bytes / (one-way link bandwidth × {@value #ALL_REDUCE_EFFICIENCY}) + {@value
 *       #ALL_REDUCE_LATENCY_US} µs each.
 *   <li>Once per step: {@code embed} (gather), {@code final_norm}, {@code lm_head} (logits only
 *       for positions that sample, weights kept 16-bit as quantized checkpoints do), {@code sample}.
 * </ul>
 *
 * Weight dtype sets bytes per parameter and the matmul peak: fp8 and int8 weights run at the fp8 /
 * int8 tensor rate where the GPU has it (W8A8), else at the 16-bit rate; int4 is weight-only
 * (16-bit math); fp4 (NVFP4) and mxfp4 run at the GPU's FP4 tensor rate where it has that format,
 * else weight-only at the 16-bit rate, and read their block scales with the weights. An mxfp4 MoE
 * model keeps attention 16-bit (bytes and rate), as gpt-oss ships.
 *
 * <p>Hybrid models (see {@link LayerMix}): sliding-window layers read at most their window,
 * chunked layers their current chunk, sparse-attention layers their top-k (plus the indexer's keys),
 * linear-attention layers their per-sequence state; so decode time on those layers stops growing
 * with context beyond the window. The KV dtype sets K/V bytes; attention math stays 16-bit. Immutable apart from its
 * scratch arrays: one instance per replica, not thread-safe.
 */
public final class RooflineModel implements StepTimeModel {

  /** Fraction of the one-way link bandwidth a ring all-reduce reaches (NCCL bus bandwidth). */
  public static final double ALL_REDUCE_EFFICIENCY = 0.7;

  /** Fixed latency of one all-reduce (launch and synchronisation), microseconds. */
  public static final double ALL_REDUCE_LATENCY_US = 5.0;

  /** Link bandwidth assumed when a GPU lists no scale-up interconnect (PCIe 5.0 x16, bidirectional). */
  public static final double PCIE_FALLBACK_GBPS = 128;

  /**
   * Per-GPU link when tensor parallelism spans more GPUs than one NVLink domain (an 8-GPU board):
   * one 400 Gb/s network adapter per GPU, counted both ways as {@code interconnect_gbps} is. Source:
   * NVIDIA DGX BasePOD reference architecture, "Core Components" (docs.nvidia.com, read 2026-12-02):
   * DGX H100 and DGX B200 carry eight single-port ConnectX-7 adapters of up to 400 Gb/s for the
   * compute fabric, one per GPU.
   */
  public static final double SCALE_OUT_GBPS = 100;

  private static final double ACT_BYTES = 2.0;
  private static final Operator[] OPS = Operator.values();

  private final ModelSpec model;
  private final GpuSpec gpu;
  private final int tp;
  private final TimingCoefficients c;

  // rates (already scaled by efficiencies): seconds per FLOP / per byte
  private final double sPerMatmulFlop;
  private final double sPerMixerFlop;
  private final double sPerDenseMlpFlop;
  private final double mixerBytes;
  private final double denseMlpBytes;
  private final LayerMix mix;
  private final double sPerAttnFlop;
  private final double sPerByte;
  private final double sPerLinkByte;

  // per-GPU sizes
  private final double hidden;
  private final double wBytes;
  private final double kvBytesPerTokenLayer;
  private final double kvDtypeBytes;
  private final double qkvParams;
  private final double oParams;
  private final double qDim;
  private final double kDimRope;
  private final double attnFlopsPerPair;
  private final double denseMlpInter;
  private final double expertInter;
  private final int denseLayers;
  private final int moeLayers;
  private final int numExperts;
  private final int expertsPerToken;
  private final int sharedExperts;
  private final double lmHeadParams;
  private final double vocab;

  private final double fixedStepNs;
  private final double perSequenceNs;
  private final double perTokenNs;
  private final double perKvTokenLayerNs;

  // scratch: the step's totals (s), and per operator (only while recording a breakdown)
  private double accTotalS;
  private double accComputeS;
  private boolean recording;
  private final double[] opS = new double[OPS.length];
  private final boolean[] opCompute = new boolean[OPS.length];

  public RooflineModel(ModelSpec model, GpuSpec gpu, int tensorParallel, Dtype weightsDtype,
      Dtype kvDtype, TimingCoefficients coefficients) {
    this.model = model;
    this.gpu = gpu;
    this.tp = tensorParallel;
    this.c = coefficients;
    Dtype matmul = switch (weightsDtype) {
      case FP8 -> Dtype.FP8;
      case INT8 -> Dtype.INT8;
      case FP16 -> Dtype.FP16;
      case FP32 -> Dtype.FP32;
      case FP4 -> Dtype.FP4;
      case MXFP4 -> Dtype.MXFP4;
      default -> Dtype.BF16;
    };
    sPerMatmulFlop = 1 / (gpu.peakFlops(matmul) * c.computeEfficiency());
    // mxfp4 checkpoints of MoE models keep attention (and any dense MLP) 16-bit
    boolean sixteenBitMixer = model.mixerWeightBytesPerParam(weightsDtype) != weightsDtype.bytes();
    sPerMixerFlop = sixteenBitMixer ? 1 / (gpu.peakFlops(Dtype.BF16) * c.computeEfficiency()) : sPerMatmulFlop;
    mixerBytes = model.mixerWeightBytesPerParam(weightsDtype);
    int firstDense = model.isMoe() ? 0 : -1;
    for (int l = 0; l < model.numLayers() && firstDense == 0; l++) {
      firstDense = model.isMoeLayer(l) ? 0 : l + 1;
    }
    denseMlpBytes = firstDense > 0 ? model.mlpWeightBytesPerParam(firstDense - 1, weightsDtype) : weightsDtype.bytes();
    sPerDenseMlpFlop = denseMlpBytes != weightsDtype.bytes()
        ? 1 / (gpu.peakFlops(Dtype.BF16) * c.computeEfficiency()) : sPerMatmulFlop;
    mix = model.attention().isAllFull() ? null : new LayerMix(model);
    sPerAttnFlop = 1 / (gpu.peakFlops(Dtype.BF16) * c.attentionEfficiency());
    sPerByte = 1 / (gpu.bandwidthBytesPerSec() * c.memoryEfficiency());
    double linkGbps = linkGbps(gpu, tensorParallel);
    sPerLinkByte = 1 / (linkGbps * 1e9 / 2 * ALL_REDUCE_EFFICIENCY);

    hidden = model.hiddenSize();
    kvDtypeBytes = kvDtype.bytes();
    wBytes = weightsDtype.bytes();
    double kvHeadsPerGpu = Math.ceil((double) model.numKvHeads() / tp);
    kvBytesPerTokenLayer = model.isMla()
        ? model.kvCacheElementsPerTokenPerLayer() * kvDtype.bytes()
        : 2 * kvHeadsPerGpu * model.headDim() * kvDtype.bytes();
    int vDim = model.isMla() ? model.vHeadDim() : model.headDim();
    double o = (double) model.numHeads() * vDim * model.hiddenSize();
    oParams = o / tp;
    qkvParams = (model.attentionParamsPerLayer() - o) / tp;
    int qkDim = model.isMla() ? model.qkNopeHeadDim() + model.qkRopeHeadDim() : model.headDim();
    qDim = (double) model.numHeads() * qkDim / tp;
    kDimRope = model.isMla() ? model.qkRopeHeadDim() : kvHeadsPerGpu * model.headDim();
    attnFlopsPerPair = model.attentionFlopsPerContextToken() / tp;
    denseMlpInter = (double) model.intermediateSize() / tp;
    expertInter = (double) model.expertIntermediateSize() / tp;
    moeLayers = model.numMoeLayers();
    denseLayers = model.numLayers() - moeLayers;
    numExperts = model.numExperts();
    expertsPerToken = model.expertsPerToken();
    sharedExperts = model.numSharedExperts();
    lmHeadParams = (double) model.lmHeadParams() / tp;
    vocab = model.vocabSize();

    fixedStepNs = (c.perStepOverheadUs() + c.perLayerOverheadUs() * model.numLayers()) * 1e3;
    perSequenceNs = c.perSequenceOverheadUs() * 1e3;
    perTokenNs = c.perTokenOverheadUs() * 1e3;
    perKvTokenLayerNs = c.perKvTokenOverheadNs() * model.numLayers();
  }

  public TimingCoefficients coefficients() {
    return c;
  }

  public ModelSpec model() {
    return model;
  }

  public GpuSpec gpu() {
    return gpu;
  }

  public int tensorParallel() {
    return tp;
  }

  @Override
  public boolean needsEachDecodeContext() {
    return mix != null;
  }

  @Override
  public long stepTimeNs(StepComposition step) {
    if (step.isEmpty()) {
      step.computeBoundNs = 0;
      return 0;
    }
    recording = false;
    accTotalS = 0;
    accComputeS = 0;
    evaluate(step);
    double kvOverheadNs = mix == null ? perKvTokenLayerNs * step.kvReadTokens()
        : c.perKvTokenOverheadNs() * mix.kvTokenLayers();
    double overheadNs = fixedStepNs + perSequenceNs * step.numSequences() + perTokenNs * step.numTokens()
        + kvOverheadNs;
    step.computeBoundNs = (long) (accComputeS * 1e9);
    return Math.max(1, (long) (accTotalS * 1e9 + overheadNs));
  }

  @Override
  public StepBreakdown breakdown(StepComposition step) {
    long totalNs = stepTimeNs(step);
    java.util.Arrays.fill(opS, 0);
    recording = true;
    evaluate(step);
    recording = false;
    Map<Operator, Long> ns = new EnumMap<>(Operator.class);
    Map<Operator, Boolean> bound = new EnumMap<>(Operator.class);
    long sum = 0;
    long compute = 0;
    for (int i = 0; i < OPS.length; i++) {
      if (opS[i] > 0) {
        long v = (long) (opS[i] * 1e9);
        ns.put(OPS[i], v);
        bound.put(OPS[i], opCompute[i]);
        sum += v;
        compute += opCompute[i] ? v : 0;
      }
    }
    long overhead = step.isEmpty() ? 0 : Math.max(0, totalNs - sum);
    return new StepBreakdown(ns, bound, overhead, compute, sum - compute, totalNs);
  }

  /** Adds the step's operator times (seconds, all layers) to the totals, and to opS when recording. */
  private void evaluate(StepComposition s) {
    double t = s.numTokens();
    double logits = s.numLogits();
    int layers = denseLayers + moeLayers;

    // embed: gather one row per token
    op(Operator.EMBED, 1, 0, 2 * t * hidden * ACT_BYTES, sPerMatmulFlop);
    // attn_norm / ffn_norm: read and write the hidden state (RMSNorm)
    op(Operator.ATTN_NORM, layers, 4 * t * hidden, 2 * t * hidden * ACT_BYTES + hidden * ACT_BYTES, sPerMatmulFlop);
    op(Operator.FFN_NORM, layers, 4 * t * hidden, 2 * t * hidden * ACT_BYTES + hidden * ACT_BYTES, sPerMatmulFlop);
    int attnLayers = mix == null ? layers : layers - mix.linear;
    // attn_qkv: x · W_qkv
    op(Operator.ATTN_QKV, attnLayers, 2 * t * qkvParams,
        qkvParams * mixerBytes + t * (hidden + qDim + 2 * kDimRope) * ACT_BYTES, sPerMixerFlop);
    // rope: rotate q and k
    op(Operator.ROPE, attnLayers, 6 * t * (qDim + kDimRope), 2 * t * (qDim + kDimRope) * ACT_BYTES, sPerMatmulFlop);
    // kv_write: append this step's K/V to the paged cache
    op(Operator.KV_WRITE, attnLayers, 0, t * kvBytesPerTokenLayer * 2, sPerMatmulFlop);
    // attn: softmax(q·Kᵀ)·V over each sequence's context (local layers: their window or chunk)
    if (mix == null) {
      op(Operator.ATTN, layers, s.attentionPairs() * attnFlopsPerPair,
          s.kvReadTokens() * kvBytesPerTokenLayer + 2 * t * qDim * ACT_BYTES, sPerAttnFlop);
    } else {
      hybridAttention(s, t);
    }
    // attn_out: o · W_o
    op(Operator.ATTN_OUT, attnLayers, 2 * t * oParams,
        oParams * mixerBytes + t * (qDim + hidden) * ACT_BYTES, sPerMixerFlop);

    // MLP: dense layers
    if (denseLayers > 0) {
      mlp(denseLayers, t, denseMlpInter, 1, 1, denseMlpBytes, sPerDenseMlpFlop);
    }
    // MLP: MoE layers read only the experts touched by this step's tokens
    if (moeLayers > 0) {
      double e = numExperts;
      double touched = e * (1 - Math.pow(1 - expertsPerToken / e, t)) + sharedExperts;
      mlp(moeLayers, t, expertInter, touched, expertsPerToken + sharedExperts, wBytes, sPerMatmulFlop);
      op(Operator.MOE_ROUTER, moeLayers, 2 * t * hidden * e, hidden * e * ACT_BYTES + t * e * 4, sPerMatmulFlop);
    }

    // final_norm, lm_head (positions that sample only), sample
    op(Operator.FINAL_NORM, 1, 4 * t * hidden, 2 * t * hidden * ACT_BYTES, sPerMatmulFlop);
    op(Operator.LM_HEAD, 1, 2 * logits * lmHeadParams,
        lmHeadParams * ACT_BYTES + logits * (hidden * ACT_BYTES + vocab / tp * 4), sPerMatmulFlop);
    op(Operator.SAMPLE, 1, 5 * logits * vocab, logits * vocab * 4 * 2, sPerMatmulFlop);

    // all_reduce: two per layer (after attention and after the MLP), ring over the link
    if (tp > 1) {
      double bytes = t * hidden * ACT_BYTES;
      double one = 2.0 * (tp - 1) / tp * bytes * sPerLinkByte + ALL_REDUCE_LATENCY_US * 1e-6;
      accTotalS += 2 * layers * one;
      if (recording) {
        opS[Operator.ALL_REDUCE.ordinal()] = 2 * layers * one;
        opCompute[Operator.ALL_REDUCE.ordinal()] = false;
      }
    }
  }

  /**
   * Attention of a hybrid model's layers: each type reads and scores only what it attends to (see
   * {@link LayerMix}); a sparse indexer scores every cached token's key; linear layers project,
   * then read and write their state once per sequence (recurrent update: 6 × value heads × key dim
   * × value dim FLOPs per token).
   */
  private void hybridAttention(StepComposition s, double t) {
    mix.measure(s);
    double q = 2 * t * qDim * ACT_BYTES;
    op(Operator.ATTN, mix.full, mix.fullPairs * attnFlopsPerPair,
        mix.fullRead * kvBytesPerTokenLayer + q, sPerAttnFlop);
    op(Operator.ATTN, mix.sliding, mix.slidingPairs * attnFlopsPerPair,
        mix.slidingRead * kvBytesPerTokenLayer + q, sPerAttnFlop);
    op(Operator.ATTN, mix.chunked, mix.chunkedPairs * attnFlopsPerPair,
        mix.chunkedRead * kvBytesPerTokenLayer + q, sPerAttnFlop);
    if (mix.sparse != null) {
      double dim = mix.sparse.indexHeadDim();
      op(Operator.ATTN, mix.full, s.attentionPairs() * 2 * mix.sparse.indexHeads() * dim / tp,
          s.kvReadTokens() * dim * kvDtypeBytes, sPerAttnFlop);
    }
    if (mix.linear > 0) {
      AttentionLayout.LinearAttention la = mix.lin;
      double in = (double) la.params((int) hidden) - la.valueDim() * hidden;
      double out = la.valueDim() * hidden;
      double width = (double) la.convWidth() / tp;
      op(Operator.ATTN_QKV, mix.linear, 2 * t * in / tp,
          in / tp * mixerBytes + t * (hidden + width) * ACT_BYTES, sPerMixerFlop);
      double state = la.stateElements() * la.stateBytesPerElement() / tp;
      op(Operator.ATTN, mix.linear,
          6.0 * t * la.numValueHeads() * la.keyHeadDim() * la.valueHeadDim() / tp,
          2 * s.numSequences() * state + t * width * ACT_BYTES, sPerAttnFlop);
      op(Operator.ATTN_OUT, mix.linear, 2 * t * out / tp,
          out / tp * mixerBytes + t * (la.valueDim() / (double) tp + hidden) * ACT_BYTES, sPerMixerFlop);
    }
  }

  /**
   * gate_up, act, down for {@code layers} layers.
   *
   * @param weightCopies how many expert (or dense) MLPs' weights the step reads
   * @param activePerToken how many of them each token runs through
   */
  private void mlp(int layers, double t, double inter, double weightCopies, double activePerToken,
      double bytesPerParam, double sPerFlop) {
    double gateUp = 2 * hidden * inter;
    double down = hidden * inter;
    op(Operator.FFN_GATE_UP, layers, 2 * t * activePerToken * gateUp,
        weightCopies * gateUp * bytesPerParam + t * activePerToken * (hidden + 2 * inter) * ACT_BYTES, sPerFlop);
    op(Operator.FFN_ACT, layers, 4 * t * activePerToken * inter,
        t * activePerToken * 3 * inter * ACT_BYTES, sPerFlop);
    op(Operator.FFN_DOWN, layers, 2 * t * activePerToken * down,
        weightCopies * down * bytesPerParam + t * activePerToken * (inter + hidden) * ACT_BYTES, sPerFlop);
  }

  /**
   * Adds one operator's roofline time (seconds) for {@code count} layers.
   *
   * @param sPerFlop seconds per FLOP of the unit it runs on (tensor rate of its dtype, or attention's)
   */
  void op(Operator op, int count, double flops, double bytes, double sPerFlop) {
    if (count == 0) {
      return;
    }
    double ct = flops * sPerFlop;
    double mt = bytes * sPerByte;
    double t = count * (ct > mt ? ct : mt);
    accTotalS += t;
    if (ct > mt) {
      accComputeS += t;
    }
    if (recording) {
      int i = op.ordinal();
      double before = opS[i];
      opS[i] = before + t;
      // an operator that spans dense and MoE layers counts as compute-bound if either share is
      opCompute[i] = before == 0 ? ct > mt : (opCompute[i] || ct > mt);
    }
  }

  /**
   * The per-GPU all-reduce link: the scale-up interconnect while {@code tp} GPUs fit in one NVLink
   * domain ({@code scale_up_domain_gpus}, 8 on a board, 72 in an NVL72 rack), else the scale-out
   * network ({@link #SCALE_OUT_GBPS}), the slower hop every ring step then waits for. A GPU with no
   * NVLink domain (0 unknown, 1 a PCIe card) keeps its listed link: PCIe within one host.
   */
  static double linkGbps(GpuSpec gpu, int tp) {
    double scaleUp = gpu.interconnectGbps() > 0 ? gpu.interconnectGbps() : PCIE_FALLBACK_GBPS;
    int domain = gpu.scaleUpDomainGpus();
    return domain > 1 && tp > domain ? Math.min(scaleUp, SCALE_OUT_GBPS) : scaleUp;
  }
}
