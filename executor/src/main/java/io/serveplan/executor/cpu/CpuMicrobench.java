package io.serveplan.executor.cpu;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Measures this machine's two ceilings the roofline needs, with the same threads and vector width
 * the CPU backend uses: streaming read bandwidth (what a decode matrix-vector product needs) and
 * the FMA peak (what a prefill matrix product needs). Each figure is the best of several
 * repetitions, as STREAM reports. NOTE: each thread's share is timed with its own CPU time, not the
 * wall clock, and a pass takes as long as its slowest thread: on a machine shared with other
 * tenants, time slices given to them then do not count against this one. Allocates about
 * 3 × 64 MiB while running.
 */
public final class CpuMicrobench {

  /** Measured ceilings. */
  public record Result(double readBytesPerSec, double triadBytesPerSec, double fmaFlopsPerSec, int threads) {}

  private static final int STREAM_FLOATS = 16 * 1024 * 1024; // 64 MiB per array, twice the L3
  private static final int FMA_ACCUMULATORS = 12;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private CpuMicrobench() {}

  /** Runs the stream and FMA loops on {@code threads} threads; {@code repetitions} of each. */
  public static Result measure(int threads, int repetitions) {
    float[] a = new float[STREAM_FLOATS];
    float[] b = new float[STREAM_FLOATS];
    float[] c = new float[STREAM_FLOATS];
    java.util.Arrays.fill(b, 1f);
    java.util.Arrays.fill(c, 2f);
    double bestRead = 0;
    double bestTriad = 0;
    double bestFma = 0;
    float[] sink = new float[threads];
    try (WorkerPool pool = new WorkerPool(threads)) {
      // warm-up: compile the loops and fault in the pages
      long[] warm = new long[threads];
      readPass(pool, b, sink, warm);
      triadPass(pool, a, b, c, warm);
      // NOTE: several passes, so that the measured ones run C2 code (one pass left some runs, on a
      // JVM still compiling its startup, timing OSR/C1 code at half the FMA rate).
      for (int i = 0; i < 5; i++) {
        fmaPass(pool, 2_000_000, sink, warm);
      }
      long[] cpuNs = new long[threads];
      for (int r = 0; r < repetitions; r++) {
        readPass(pool, b, sink, cpuNs);
        bestRead = Math.max(bestRead, 4.0 * STREAM_FLOATS / (max(cpuNs) * 1e-9));
        triadPass(pool, a, b, c, cpuNs);
        bestTriad = Math.max(bestTriad, 12.0 * STREAM_FLOATS / (max(cpuNs) * 1e-9));
        long iterations = 5_000_000;
        fmaPass(pool, iterations, sink, cpuNs);
        double flops = 2.0 * VectorKernels.F.length() * FMA_ACCUMULATORS * iterations * threads;
        bestFma = Math.max(bestFma, flops / (max(cpuNs) * 1e-9));
      }
    }
    if (Float.isNaN(sink[0])) {
      throw new IllegalStateException("unreachable: keeps the loops' results alive");
    }
    return new Result(bestRead, bestTriad, bestFma, threads);
  }

  private static long max(long[] values) {
    long m = 1;
    for (long v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  private static void readPass(WorkerPool pool, float[] b, float[] sink, long[] cpuNs) {
    int chunk = STREAM_FLOATS / pool.threads();
    pool.forRange(pool.threads(), 1, (from, to, worker) -> {
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int part = from; part < to; part++) {
        int start = part * chunk;
        FloatVector s0 = FloatVector.zero(VectorKernels.F);
        FloatVector s1 = FloatVector.zero(VectorKernels.F);
        int l = VectorKernels.F.length();
        for (int i = start; i < start + chunk; i += 2 * l) {
          s0 = s0.add(FloatVector.fromArray(VectorKernels.F, b, i));
          s1 = s1.add(FloatVector.fromArray(VectorKernels.F, b, i + l));
        }
        sink[part] += s0.add(s1).reduceLanes(VectorOperators.ADD);
      }
      cpuNs[worker] = THREADS.getCurrentThreadCpuTime() - t0;
    });
  }

  private static void triadPass(WorkerPool pool, float[] a, float[] b, float[] c, long[] cpuNs) {
    int chunk = STREAM_FLOATS / pool.threads();
    pool.forRange(pool.threads(), 1, (from, to, worker) -> {
      int l = VectorKernels.F.length();
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int part = from; part < to; part++) {
        int start = part * chunk;
        for (int i = start; i < start + chunk; i += l) {
          FloatVector.fromArray(VectorKernels.F, c, i).fma(FloatVector.broadcast(VectorKernels.F, 3f), FloatVector.fromArray(VectorKernels.F, b, i))
              .intoArray(a, i);
        }
      }
      cpuNs[worker] = THREADS.getCurrentThreadCpuTime() - t0;
    });
  }

  private static void fmaPass(WorkerPool pool, long iterations, float[] sink, long[] cpuNs) {
    pool.forRange(pool.threads(), 1, (from, to, worker) -> {
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int part = from; part < to; part++) {
        FloatVector m = FloatVector.broadcast(VectorKernels.F, 0.999999f);
        FloatVector d = FloatVector.broadcast(VectorKernels.F, 1e-7f);
        FloatVector a0 = FloatVector.broadcast(VectorKernels.F, 1f), a1 = a0.add(1f), a2 = a0.add(2f),
            a3 = a0.add(3f), a4 = a0.add(4f), a5 = a0.add(5f), a6 = a0.add(6f), a7 = a0.add(7f),
            a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f), a11 = a0.add(11f);
        // NOTE: each accumulator is the addend (acc = m·d + acc), as in a matrix product. With the
        // accumulator as a multiplicand (acc = acc·m + d) C2's code ran at 80% of the rate on an
        // AMD EPYC (Zen 1) VM, 30 against 38 GFLOP/s per thread, and the prefill matmul
        // measured above that "peak".
        for (long i = 0; i < iterations; i++) {
          a0 = m.fma(d, a0); a1 = m.fma(d, a1); a2 = m.fma(d, a2); a3 = m.fma(d, a3);
          a4 = m.fma(d, a4); a5 = m.fma(d, a5); a6 = m.fma(d, a6); a7 = m.fma(d, a7);
          a8 = m.fma(d, a8); a9 = m.fma(d, a9); a10 = m.fma(d, a10); a11 = m.fma(d, a11);
        }
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        sink[part] += sum.reduceLanes(VectorOperators.ADD);
      }
      cpuNs[worker] = THREADS.getCurrentThreadCpuTime() - t0;
    });
  }
}
