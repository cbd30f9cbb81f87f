package io.serveplan.executor.cpu;

import io.serveplan.executor.Backend;
import io.serveplan.executor.DeviceBuffer;

/**
 * What the two heap backends share: buffers are float arrays, copies are {@code arraycopy}, and the
 * memory-movement operators (embed, kv_write, gather) are the same plain loops.
 */
abstract class HeapBackend implements Backend {

  @Override
  public DeviceBuffer allocate(long numFloats) {
    return new CpuBuffer(numFloats);
  }

  @Override
  public void upload(DeviceBuffer dst, long dstOffset, float[] src, int srcOffset, int length) {
    System.arraycopy(src, srcOffset, CpuBuffer.of(dst), Math.toIntExact(dstOffset), length);
  }

  @Override
  public void download(DeviceBuffer src, long srcOffset, float[] dst, int dstOffset, int length) {
    System.arraycopy(CpuBuffer.of(src), Math.toIntExact(srcOffset), dst, dstOffset, length);
  }

  @Override
  public void embed(DeviceBuffer out, DeviceBuffer table, int[] tokenIds, int numTokens, int dim) {
    float[] o = CpuBuffer.of(out);
    float[] tab = CpuBuffer.of(table);
    int vocab = tab.length / dim;
    for (int t = 0; t < numTokens; t++) {
      int id = tokenIds[t];
      if (id < 0 || id >= vocab) {
        throw new IllegalArgumentException("embed: token id " + id + " outside vocabulary of " + vocab);
      }
      System.arraycopy(tab, id * dim, o, t * dim, dim);
    }
  }

  @Override
  public void kvWrite(DeviceBuffer kPool, DeviceBuffer vPool, DeviceBuffer k, DeviceBuffer v,
      int[] slotMapping, int numTokens, int kvDim) {
    float[] kp = CpuBuffer.of(kPool);
    float[] vp = CpuBuffer.of(vPool);
    float[] kk = CpuBuffer.of(k);
    float[] vv = CpuBuffer.of(v);
    for (int t = 0; t < numTokens; t++) {
      System.arraycopy(kk, t * kvDim, kp, slotMapping[t] * kvDim, kvDim);
      System.arraycopy(vv, t * kvDim, vp, slotMapping[t] * kvDim, kvDim);
    }
  }

  @Override
  public void gatherRows(DeviceBuffer out, DeviceBuffer x, int[] rows, int numRows, int dim) {
    float[] o = CpuBuffer.of(out);
    float[] xx = CpuBuffer.of(x);
    for (int r = 0; r < numRows; r++) {
      System.arraycopy(xx, rows[r] * dim, o, r * dim, dim);
    }
  }

  @Override
  public void synchronize() {
    // Every call has returned by the time the next one starts.
  }

  static int maxContext(io.serveplan.executor.AttentionLayout layout) {
    int max = 0;
    for (int s = 0; s < layout.numSeqs(); s++) {
      max = Math.max(max, layout.contextLen()[s]);
    }
    return max;
  }
}
