package io.serveplan.executor.cpu;

import io.serveplan.executor.DeviceBuffer;
import io.serveplan.executor.model.ModelConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Measures the CPU backend's linear layers on a model's real shapes: every weight matrix of every
 * layer plus the LM head, once with one token (decode: matrix-vector, bandwidth-bound) and once
 * with a prefill chunk (matrix-matrix, FMA-bound). Reports achieved bytes/s and FLOP/s so they can
 * be set against {@link CpuMicrobench}'s ceilings. Median of the repetitions.
 *
 * <p>Timed with the calling thread's CPU time (it computes its own share of every split and sleeps
 * while waiting for the other threads), the estimator the engine's {@code cpu} clock uses, so that
 * figures taken on a machine shared with other tenants are comparable with the ceilings.
 */
public final class KernelThroughput {

  /** Achieved rates: decode streams every weight once; prefill does 2 · params · tokens FLOPs. */
  public record Result(double decodeBytesPerSec, double decodeMsPerPass, double prefillFlopsPerSec,
      double prefillMsPerPass, int prefillTokens, long weightFloats, int threads) {}

  private KernelThroughput() {}

  public static Result measure(ModelConfig c, int threads, int prefillTokens, int repetitions) {
    SplittableRandom random = new SplittableRandom(1);
    try (CpuBackend backend = new CpuBackend(threads)) {
      // Distinct arrays per layer, as in the model, so decode really streams from memory.
      List<int[]> shapes = new ArrayList<>(c.linearShapes(c.numLayers()));
      shapes.add(new int[] {c.dim(), c.vocabSize()});
      List<DeviceBuffer> weights = new ArrayList<>();
      long weightFloats = 0;
      int widest = 0;
      for (int[] s : shapes) {
        float[] w = new float[s[0] * s[1]];
        for (int i = 0; i < w.length; i++) {
          w[i] = (float) (random.nextDouble() - 0.5);
        }
        weights.add(backend.uploadWeight(w, s[1], s[0]));
        weightFloats += w.length;
        widest = Math.max(widest, Math.max(s[0], s[1]));
      }
      DeviceBuffer x = backend.allocate((long) prefillTokens * widest);
      float[] xs = new float[prefillTokens * widest];
      Arrays.fill(xs, 0.01f);
      backend.upload(x, 0, xs, 0, xs.length);
      DeviceBuffer out = backend.allocate((long) prefillTokens * Math.max(widest, c.vocabSize()));

      double[] decodeNs = new double[repetitions];
      double[] prefillNs = new double[repetitions];
      pass(backend, shapes, weights, x, out, 1);
      pass(backend, shapes, weights, x, out, prefillTokens);
      for (int r = 0; r < repetitions; r++) {
        decodeNs[r] = pass(backend, shapes, weights, x, out, 1);
        prefillNs[r] = pass(backend, shapes, weights, x, out, prefillTokens);
      }
      double decode = median(decodeNs);
      double prefill = median(prefillNs);
      return new Result(4.0 * weightFloats / (decode * 1e-9), decode / 1e6,
          2.0 * weightFloats * prefillTokens / (prefill * 1e-9), prefill / 1e6, prefillTokens, weightFloats, threads);
    }
  }

  private static double pass(CpuBackend backend, List<int[]> shapes, List<DeviceBuffer> weights,
      DeviceBuffer x, DeviceBuffer out, int tokens) {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long t0 = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < shapes.size(); i++) {
      backend.matmul(out, x, weights.get(i), tokens, shapes.get(i)[0], shapes.get(i)[1]);
    }
    return threads.getCurrentThreadCpuTime() - t0;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /** {@code KernelThroughput [hidden ffn layers heads vocab] }: prints the stories-110m figures by default. */
  public static void main(String[] args) {
    ModelConfig c = new ModelConfig(768, 2048, 12, 12, 12, 64, 32000, 1024, 10000f, 1e-5f, true);
    int threads = Runtime.getRuntime().availableProcessors();
    CpuMicrobench.Result ceil = CpuMicrobench.measure(threads, 15);
    Result r = measure(c, threads, 128, 7);
    System.out.printf("threads %d%n", threads);
    System.out.printf("stream read %.2f GB/s, triad %.2f GB/s, FMA peak %.1f GFLOP/s%n",
        ceil.readBytesPerSec() / 1e9, ceil.triadBytesPerSec() / 1e9, ceil.fmaFlopsPerSec() / 1e9);
    System.out.printf("decode matvec (all %d M weights, fp32): %.2f ms/pass, %.2f GB/s = %.0f%% of read bandwidth%n",
        r.weightFloats() / 1_000_000, r.decodeMsPerPass(), r.decodeBytesPerSec() / 1e9,
        100 * r.decodeBytesPerSec() / ceil.readBytesPerSec());
    System.out.printf("prefill matmul (%d tokens): %.1f ms/pass, %.1f GFLOP/s = %.0f%% of FMA peak%n",
        r.prefillTokens(), r.prefillMsPerPass(), r.prefillFlopsPerSec() / 1e9,
        100 * r.prefillFlopsPerSec() / ceil.fmaFlopsPerSec());
  }
}
