package io.serveplan.executor.cpu;

import io.serveplan.executor.AttentionLayout;
import io.serveplan.executor.DeviceBuffer;
import io.serveplan.executor.IdlePolicy;

/**
 * The CPU backend: {@link VectorKernels} (Java Vector API, FMA) split across a small fixed pool of
 * threads, which claim chunks of each operator's work (see {@link WorkerPool}). Linear layers split
 * output rows (each chunk streams its own rows of the weights); attention splits (token, head)
 * pairs into ranges of about equal cost; elementwise operators split the element range; RMSNorm
 * and RoPE split tokens. Used by one calling thread at a time; {@link #close} stops the pool.
 */
public final class CpuBackend extends HeapBackend {

  /** Elementwise work below this many floats is not worth waking a second thread. */
  private static final int ELEMENTWISE_GRAIN = 16 * 1024;

  private final WorkerPool pool;
  private float[][] scores;
  private final int[] attentionBounds;
  private float[] packedActivations = new float[0];

  /** A backend using {@code threads} threads (the caller's plus threads - 1 workers). */
  public CpuBackend(int threads) {
    this.pool = new WorkerPool(threads);
    this.scores = new float[threads][1024];
    this.attentionBounds = new int[threads * WorkerPool.CHUNKS_PER_THREAD + 1];
  }

  @Override
  public String id() {
    return "cpu";
  }

  @Override
  public String deviceName() {
    return "CPU, " + pool.threads() + " threads, Vector API " + VectorKernels.F.vectorBitSize() + "-bit";
  }

  /** Threads this backend computes with. */
  public int threads() {
    return pool.threads();
  }

  @Override
  public void rmsNorm(DeviceBuffer out, DeviceBuffer x, DeviceBuffer weight, int numTokens, int dim, float eps) {
    float[] o = CpuBuffer.of(out);
    float[] xx = CpuBuffer.of(x);
    float[] w = CpuBuffer.of(weight);
    pool.forRange(numTokens, Math.max(1, ELEMENTWISE_GRAIN / dim), (from, to, worker) -> {
      for (int t = from; t < to; t++) {
        VectorKernels.rmsNorm(o, t * dim, xx, t * dim, w, dim, eps);
      }
    });
  }

  /** Packs the weight for the register-tiled kernels when inDim is a whole number of vectors. */
  @Override
  public DeviceBuffer uploadWeight(float[] w, int outDim, int inDim) {
    if (inDim % VectorKernels.F.length() != 0) {
      return super.uploadWeight(w, outDim, inDim);
    }
    return PackedMatrix.pack(w, outDim, inDim);
  }

  @Override
  public void matmul(DeviceBuffer out, DeviceBuffer x, DeviceBuffer w, int numTokens, int inDim, int outDim) {
    float[] o = CpuBuffer.of(out);
    float[] xx = CpuBuffer.of(x);
    if (w instanceof PackedMatrix packed) {
      if (packed.outDim != outDim || packed.inDim != inDim) {
        throw new IllegalArgumentException("matmul: weight packed as " + packed.outDim + " x " + packed.inDim
            + ", called as " + outDim + " x " + inDim);
      }
      float[] xp = xx;
      if (numTokens > 1) {
        int length = numTokens * inDim;
        if (packedActivations.length < length) {
          packedActivations = new float[length];
        }
        VectorKernels.packRows(packedActivations, xx, numTokens, inDim, 3);
        xp = packedActivations;
      }
      float[] xs = xp;
      // NOTE: grain 4 groups of 3 rows; each thread streams its own rows of the weight.
      pool.forRange(packed.numGroups(), 4, (from, to, worker) ->
          VectorKernels.matmulPacked(o, xs, packed.data, numTokens, inDim, outDim, from, to));
      return;
    }
    float[] ww = CpuBuffer.of(w);
    // NOTE: grain 16 rows keeps each thread's share a multiple of the 4-row tile.
    pool.forRange(outDim, 16, (from, to, worker) ->
        VectorKernels.matmul(o, xx, ww, numTokens, inDim, outDim, from, to));
  }

  @Override
  public void rope(DeviceBuffer x, DeviceBuffer ropeTable, int[] positions, int numTokens, int numHeads, int headDim) {
    float[] xx = CpuBuffer.of(x);
    float[] table = CpuBuffer.of(ropeTable);
    int width = numHeads * headDim;
    pool.forRange(numTokens, Math.max(1, ELEMENTWISE_GRAIN / width), (from, to, worker) -> {
      for (int t = from; t < to; t++) {
        VectorKernels.rope(xx, t * width, table, positions[t], numHeads, headDim);
      }
    });
  }

  @Override
  public void attention(DeviceBuffer out, DeviceBuffer q, DeviceBuffer kPool, DeviceBuffer vPool,
      AttentionLayout layout, int numHeads, int numKvHeads, int headDim) {
    int scratch = VectorKernels.attentionScratch(numHeads, maxContext(layout));
    if (scores[0].length < scratch) {
      scores = new float[pool.threads()][Math.max(scratch, 2 * scores[0].length)];
    }
    float[] o = CpuBuffer.of(out);
    float[] qq = CpuBuffer.of(q);
    float[] kp = CpuBuffer.of(kPool);
    float[] vp = CpuBuffer.of(vPool);
    float[][] buffers = scores;
    int items = VectorKernels.attentionItems(layout.numTokens(), numKvHeads);
    int parts = Math.min(pool.threads() * WorkerPool.CHUNKS_PER_THREAD, items);
    int[] bounds = attentionBounds;
    VectorKernels.attentionPartition(layout, numKvHeads, parts, bounds);
    pool.forRange(parts, 1, (from, to, worker) -> {
      for (int p = from; p < to; p++) {
        VectorKernels.attention(o, qq, kp, vp, layout, numHeads, numKvHeads, headDim, bounds[p], bounds[p + 1],
            buffers[worker]);
      }
    });
  }

  @Override
  public void siluMul(DeviceBuffer gate, DeviceBuffer up, int length) {
    float[] g = CpuBuffer.of(gate);
    float[] u = CpuBuffer.of(up);
    pool.forRange(length, ELEMENTWISE_GRAIN, (from, to, worker) -> VectorKernels.siluMul(g, u, from, to));
  }

  @Override
  public void add(DeviceBuffer x, DeviceBuffer delta, int length) {
    float[] xx = CpuBuffer.of(x);
    float[] d = CpuBuffer.of(delta);
    pool.forRange(length, ELEMENTWISE_GRAIN, (from, to, worker) -> VectorKernels.add(xx, d, from, to));
  }

  @Override
  public void argmax(DeviceBuffer logits, int numRows, int vocabSize, int[] outTokenIds) {
    float[] l = CpuBuffer.of(logits);
    pool.forRange(numRows, 1, (from, to, worker) -> {
      for (int r = from; r < to; r++) {
        outTokenIds[r] = VectorKernels.argmax(l, r * vocabSize, vocabSize);
      }
    });
  }

  /** SPIN: workers never park until told otherwise; SLEEP: they park after a short spin. */
  @Override
  public void idlePolicy(IdlePolicy policy) {
    pool.spinNs(policy == IdlePolicy.SPIN ? Long.MAX_VALUE : WorkerPool.DEFAULT_SPIN_NS);
  }

  @Override
  public void close() {
    pool.close();
  }
}
