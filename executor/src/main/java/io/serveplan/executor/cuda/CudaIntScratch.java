package io.serveplan.executor.cuda;

import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;

import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/** Reusable device int arrays for the small per-call host arrays (ids, positions, tables). */
final class CudaIntScratch implements AutoCloseable {
  private final CUdeviceptr[] ptrs = new CUdeviceptr[4];
  private final long[] capacity = new long[4];

  CUdeviceptr ensure(int slot, int numInts) {
    if (ptrs[slot] == null || capacity[slot] < numInts) {
      if (ptrs[slot] != null) {
        Cuda.check(cuMemFree(ptrs[slot]), "cuMemFree(int scratch)");
      }
      long cap = Math.max(1024, Math.max(numInts, capacity[slot] * 2));
      ptrs[slot] = new CUdeviceptr();
      Cuda.check(cuMemAlloc(ptrs[slot], cap * Sizeof.INT), "cuMemAlloc(int scratch)");
      capacity[slot] = cap;
    }
    return ptrs[slot];
  }

  CUdeviceptr put(int slot, int[] values, int n) {
    CUdeviceptr p = ensure(slot, Math.max(1, n));
    if (n > 0) {
      Cuda.check(cuMemcpyHtoD(p, Pointer.to(values), (long) n * Sizeof.INT), "cuMemcpyHtoD(ints)");
    }
    return p;
  }

  @Override
  public void close() {
    for (CUdeviceptr p : ptrs) {
      if (p != null) {
        Cuda.check(cuMemFree(p), "cuMemFree(int scratch)");
      }
    }
  }
}
