package io.serveplan.benchmarks;

import io.serveplan.executor.DeviceBuffer;
import io.serveplan.executor.cpu.CpuBackend;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU backend's linear layer on stories-110m's FFN shape (hidden 768 → 2048 and back): one
 * token (decode, bandwidth-bound: 12.6 MB of fp32 weights per call, far beyond the caches because
 * {@code copies} distinct matrices are cycled) and a 128-token prefill chunk (FMA-bound). Compare
 * bytes/s and FLOP/s with {@code data/hardware/cpu-local.json}; {@code KernelThroughput} prints
 * the same figures for a whole model without JMH.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CpuKernelBenchmark {

  @Param({"1", "128"})
  int tokens;

  private static final int HIDDEN = 768;
  private static final int FFN = 2048;
  private static final int COPIES = 16;

  private CpuBackend backend;
  private DeviceBuffer[] weights;
  private DeviceBuffer x;
  private DeviceBuffer out;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    backend = new CpuBackend(Runtime.getRuntime().availableProcessors());
    SplittableRandom random = new SplittableRandom(1);
    weights = new DeviceBuffer[COPIES];
    float[] host = new float[HIDDEN * FFN];
    for (int c = 0; c < COPIES; c++) {
      for (int i = 0; i < host.length; i++) {
        host[i] = (float) (random.nextDouble() - 0.5);
      }
      weights[c] = backend.allocate(host.length);
      backend.upload(weights[c], 0, host, 0, host.length);
    }
    float[] xs = new float[128 * HIDDEN];
    java.util.Arrays.fill(xs, 0.01f);
    x = backend.allocate(xs.length);
    backend.upload(x, 0, xs, 0, xs.length);
    out = backend.allocate(128L * FFN);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    backend.close();
  }

  /** out[tokens][2048] = x[tokens][768] · W[2048][768]ᵀ. */
  @Benchmark
  public DeviceBuffer ffnUpProjection() {
    DeviceBuffer w = weights[next];
    next = (next + 1) % COPIES;
    backend.matmul(out, x, w, tokens, HIDDEN, FFN);
    return out;
  }
}
