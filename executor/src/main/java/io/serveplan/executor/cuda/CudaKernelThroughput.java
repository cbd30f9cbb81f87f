package io.serveplan.executor.cuda;

import io.serveplan.executor.AttentionLayout;
import io.serveplan.executor.DeviceBuffer;
import io.serveplan.executor.model.ForwardBatch;
import io.serveplan.executor.model.LlamaModel;
import io.serveplan.executor.model.ModelConfig;
import io.serveplan.executor.model.ModelWeights;
import io.serveplan.hardware.Catalog;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.Operator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The CUDA backend's throughput on a real model's shapes, timed with CUDA events (medians of the
 * repetitions), each figure set against the ceiling it is judged by:
 *
 * <ul>
 *   <li>decode GEMV (one token through every linear layer of two transformer layers): bf16 weight
 *       bytes read per second against the measured device-to-device copy bandwidth;
 *   <li>prefill GEMM at 512-4096 tokens on the same shapes: FLOP/s against the catalog GPU's bf16
 *       dense peak;
 *   <li>paged attention for decode at contexts 1k-32k: K/V bytes read per second;
 *   <li>a whole forward step of the model (random weights) at batch 1, 8, 64 and 256.
 * </ul>
 *
 * Prints one {@code key value} line per figure, so a script can keep them. Needs an NVIDIA GPU;
 * {@code kernels/gpu-check.sh} runs it.
 */
public final class CudaKernelThroughput {

  private static final int REPS = 7;

  private CudaKernelThroughput() {}

  /**
   * {@code CudaKernelThroughput [--model llama-3.1-8b] [--hardware h100-sxm] [--layers 32]}: the
   * forward step uses the model with that many layers (the other figures use the model's shapes).
   */
  public static void main(String[] args) {
    String modelId = "llama-3.1-8b";
    String hardwareId = "h100-sxm";
    int layers = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--model" -> modelId = args[i + 1];
        case "--hardware" -> hardwareId = args[i + 1];
        case "--layers" -> layers = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException(args[i] + ": unknown option; allowed: --model, --hardware, --layers");
      }
    }
    var unavailable = CudaBackend.unavailableReason();
    if (unavailable.isPresent()) {
      System.err.println("cuda: " + unavailable.get());
      System.exit(1);
    }
    Catalog catalog = Catalog.builtin();
    GpuSpec gpu = catalog.gpu(hardwareId);
    ModelConfig full = ModelConfig.fromCatalog(catalog.model(modelId));
    try (CudaBackend backend = new CudaBackend()) {
      CudaMeasurement m = backend.measure(4096);
      line("device", backend.deviceName() + " (sm_" + m.computeCapability() + ")");
      line("copy_bandwidth_gbps", m.copyBandwidthGbps());
      line("gemm_4096_bf16_tflops", m.gemmBf16Tflops());
      line("catalog_bf16_dense_tflops", gpu.bf16Tflops());
      linears(backend, full, m.copyBandwidthGbps(), gpu.bf16Tflops());
      attention(backend, full);
    }
    ModelConfig stepModel = layers > 0 ? withLayers(full, layers) : full;
    try (CudaBackend backend = new CudaBackend()) {
      forwardSteps(backend, stepModel);
    }
  }

  /** Decode GEMV and prefill GEMM over the seven linear layers of two transformer layers. */
  private static void linears(CudaBackend backend, ModelConfig c, double copyGbps, double peakTflops) {
    List<int[]> shapes = c.linearShapes(2); // two layers of distinct buffers, larger than the L2 cache
    SplittableRandom random = new SplittableRandom(1);
    List<DeviceBuffer> weights = new ArrayList<>();
    long params = 0;
    int widest = 0;
    for (int[] s : shapes) {
      float[] w = new float[s[0] * s[1]];
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (random.nextDouble() - 0.5) * 0.04f;
      }
      weights.add(backend.uploadWeight(w, s[1], s[0]));
      params += w.length;
      widest = Math.max(widest, Math.max(s[0], s[1]));
    }
    int maxTokens = 4096;
    try (DeviceBuffer x = backend.allocate((long) maxTokens * widest);
        DeviceBuffer out = backend.allocate((long) maxTokens * widest)) {
      float[] xs = new float[maxTokens * widest];
      Arrays.fill(xs, 0.01f);
      backend.upload(x, 0, xs, 0, xs.length);
      // decode: one token, every weight read once in bf16
      double decodeMs = median(REPS, () -> backend.timeMs(() -> pass(backend, shapes, weights, x, out, 1)));
      double bytesPerSec = 2.0 * params / (decodeMs / 1e3);
      line("decode_gemv_ms", decodeMs);
      line("decode_gemv_gbps", bytesPerSec / 1e9);
      line("decode_gemv_fraction_of_copy", bytesPerSec / 1e9 / copyGbps);
      for (int tokens : new int[] {512, 1024, 2048, 4096}) {
        double ms = median(REPS, () -> backend.timeMs(() -> pass(backend, shapes, weights, x, out, tokens)));
        double tflops = 2.0 * params * tokens / (ms / 1e3) / 1e12;
        line("prefill_gemm_" + tokens + "_tflops", tflops);
        line("prefill_gemm_" + tokens + "_fraction_of_peak", tflops / peakTflops);
      }
    } finally {
      weights.forEach(DeviceBuffer::close);
    }
  }

  private static void pass(CudaBackend backend, List<int[]> shapes, List<DeviceBuffer> weights,
      DeviceBuffer x, DeviceBuffer out, int tokens) {
    for (int i = 0; i < shapes.size(); i++) {
      backend.matmul(out, x, weights.get(i), tokens, shapes.get(i)[0], shapes.get(i)[1]);
    }
  }

  /** Paged decode attention of 8 sequences, one query each, at one context length per row. */
  private static void attention(CudaBackend backend, ModelConfig c) {
    int seqs = 8;
    int blockSize = 16;
    for (int context : new int[] {1024, 4096, 16384, 32768}) {
      int blocksPerSeq = context / blockSize;
      long poolFloats = (long) seqs * blocksPerSeq * blockSize * c.kvDim();
      int[] tables = new int[seqs * blocksPerSeq];
      for (int i = 0; i < tables.length; i++) {
        tables[i] = i;
      }
      int[] queryStart = new int[seqs + 1];
      int[] contextLen = new int[seqs];
      for (int s = 0; s < seqs; s++) {
        queryStart[s + 1] = s + 1;
        contextLen[s] = context;
      }
      AttentionLayout layout = new AttentionLayout(seqs, queryStart, contextLen, tables, blocksPerSeq, blockSize);
      try (DeviceBuffer k = backend.allocate(poolFloats); DeviceBuffer v = backend.allocate(poolFloats);
          DeviceBuffer q = backend.allocate((long) seqs * c.qDim());
          DeviceBuffer out = backend.allocate((long) seqs * c.qDim())) {
        double ms = median(REPS, () -> backend.timeMs(
            () -> backend.attention(out, q, k, v, layout, c.numHeads(), c.numKvHeads(), c.headDim())));
        double bytes = 2.0 * poolFloats * Float.BYTES; // K and V of every context position, fp32
        line("attention_decode_" + context + "_us", ms * 1e3);
        line("attention_decode_" + context + "_gbps", bytes / (ms / 1e3) / 1e9);
      }
    }
  }

  /** One decode step of the whole model at each batch size, every sequence at context 1024. */
  private static void forwardSteps(CudaBackend backend, ModelConfig c) {
    int blockSize = 16;
    int context = 1024;
    int maxBatch = 256;
    int blocksPerSeq = context / blockSize + 1;
    System.err.printf(Locale.ROOT, "building random weights: %d layers, %.2f B parameters%n",
        c.numLayers(), c.numParams() / 1e9);
    ModelWeights weights = ModelWeights.random(c, 7);
    try (LlamaModel model = new LlamaModel(backend, weights, maxBatch * blocksPerSeq, blockSize, maxBatch)) {
      line("forward_model_layers", c.numLayers());
      int[] tokens = new int[context + 1];
      for (int batch : new int[] {1, 8, 64, 256}) {
        ForwardBatch fb = new ForwardBatch(blockSize, blocksPerSeq);
        for (int s = 0; s < batch; s++) {
          int[] table = new int[blocksPerSeq];
          for (int b = 0; b < blocksPerSeq; b++) {
            table[b] = s * blocksPerSeq + b;
          }
          fb.addSequence(tokens, context, 1, table, true);
        }
        int[] sampled = new int[batch];
        long[] operatorNs = new long[Operator.values().length];
        double ms = median(REPS, () -> backend.timeMs(() -> model.forward(fb, sampled, operatorNs)));
        line("forward_decode_batch_" + batch + "_ms", ms);
      }
    }
  }

  private static ModelConfig withLayers(ModelConfig c, int layers) {
    return new ModelConfig(c.dim(), c.hiddenDim(), layers, c.numHeads(), c.numKvHeads(), c.headDim(),
        c.vocabSize(), c.maxPositions(), c.ropeTheta(), c.rmsNormEps(), c.tieWordEmbeddings());
  }

  /** Median of {@code reps} timings after one warm-up (which also builds bf16 weight copies). */
  private static double median(int reps, java.util.function.DoubleSupplier timing) {
    timing.getAsDouble();
    double[] v = new double[reps];
    for (int i = 0; i < reps; i++) {
      v[i] = timing.getAsDouble();
    }
    Arrays.sort(v);
    return v[reps / 2];
  }

  private static void line(String key, Object value) {
    String text = value instanceof Double d ? String.format(Locale.ROOT, "%.4f", d) : String.valueOf(value);
    System.out.println(key + " " + text);
  }
}
