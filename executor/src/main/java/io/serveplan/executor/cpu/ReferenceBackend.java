package io.serveplan.executor.cpu;

import io.serveplan.executor.AttentionLayout;
import io.serveplan.executor.DeviceBuffer;

/**
 * The oracle backend: every operator is its {@link ScalarKernels} twin, on one thread. Slow and
 * obviously correct; other backends (CPU, CUDA) are tested against it through the
 * {@link io.serveplan.executor.Backend} interface.
 */
public final class ReferenceBackend extends HeapBackend {

  @Override
  public String id() {
    return "reference";
  }

  @Override
  public String deviceName() {
    return "scalar Java reference (1 thread)";
  }

  @Override
  public void rmsNorm(DeviceBuffer out, DeviceBuffer x, DeviceBuffer weight, int numTokens, int dim, float eps) {
    float[] o = CpuBuffer.of(out);
    float[] xx = CpuBuffer.of(x);
    float[] w = CpuBuffer.of(weight);
    for (int t = 0; t < numTokens; t++) {
      ScalarKernels.rmsNorm(o, t * dim, xx, t * dim, w, dim, eps);
    }
  }

  @Override
  public void matmul(DeviceBuffer out, DeviceBuffer x, DeviceBuffer w, int numTokens, int inDim, int outDim) {
    ScalarKernels.matmul(CpuBuffer.of(out), CpuBuffer.of(x), CpuBuffer.of(w), numTokens, inDim, outDim, 0, outDim);
  }

  @Override
  public void rope(DeviceBuffer x, DeviceBuffer ropeTable, int[] positions, int numTokens, int numHeads, int headDim) {
    float[] xx = CpuBuffer.of(x);
    float[] table = CpuBuffer.of(ropeTable);
    for (int t = 0; t < numTokens; t++) {
      ScalarKernels.rope(xx, t * numHeads * headDim, table, positions[t], numHeads, headDim);
    }
  }

  @Override
  public void attention(DeviceBuffer out, DeviceBuffer q, DeviceBuffer kPool, DeviceBuffer vPool,
      AttentionLayout layout, int numHeads, int numKvHeads, int headDim) {
    float[] scores = new float[Math.max(1, maxContext(layout))];
    ScalarKernels.attention(CpuBuffer.of(out), CpuBuffer.of(q), CpuBuffer.of(kPool), CpuBuffer.of(vPool),
        layout, numHeads, numKvHeads, headDim, 0, layout.numTokens() * numHeads, scores);
  }

  @Override
  public void siluMul(DeviceBuffer gate, DeviceBuffer up, int length) {
    ScalarKernels.siluMul(CpuBuffer.of(gate), CpuBuffer.of(up), 0, length);
  }

  @Override
  public void add(DeviceBuffer x, DeviceBuffer delta, int length) {
    ScalarKernels.add(CpuBuffer.of(x), CpuBuffer.of(delta), 0, length);
  }

  @Override
  public void argmax(DeviceBuffer logits, int numRows, int vocabSize, int[] outTokenIds) {
    float[] l = CpuBuffer.of(logits);
    for (int r = 0; r < numRows; r++) {
      outTokenIds[r] = ScalarKernels.argmax(l, r * vocabSize, vocabSize);
    }
  }

  @Override
  public void close() {}
}
