package io.serveplan.executor.cuda;

import io.serveplan.executor.DeviceBuffer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;

/**
 * An fp32 device array, plus a bf16 copy made the first time the buffer is used as a weight
 * matrix (tensor-core GEMMs read bf16) and dropped when the buffer is written again.
 */
final class CudaBuffer implements DeviceBuffer {
  final CUdeviceptr ptr = new CUdeviceptr();
  final long numFloats;
  CUdeviceptr bf16;
  boolean bf16Stale = true;
  private boolean closed;

  CudaBuffer(long numFloats) {
    this.numFloats = numFloats;
    Cuda.check(JCudaDriver.cuMemAlloc(ptr, Math.max(4, numFloats * 4)), "cuMemAlloc(" + numFloats * 4 + " bytes)");
    Cuda.check(JCudaDriver.cuMemsetD32(ptr, 0, Math.max(1, numFloats)), "cuMemsetD32");
  }

  @Override
  public long numFloats() {
    return numFloats;
  }

  /** Marks the fp32 contents changed, so the bf16 copy is rebuilt before its next use. */
  void written() {
    bf16Stale = true;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (bf16 != null) {
      Cuda.check(JCudaDriver.cuMemFree(bf16), "cuMemFree(bf16 copy)");
    }
    Cuda.check(JCudaDriver.cuMemFree(ptr), "cuMemFree");
  }
}
