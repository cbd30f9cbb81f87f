package io.serveplan.executor.cuda;

import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventElapsedTime;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;

import java.util.Arrays;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;

/**
 * What the CUDA backend measured on its GPU: device-to-device copy bandwidth (bytes read +
 * written per second, GB/s) and its own bf16 tensor-core GEMM throughput (TFLOP/s), beside the
 * device's name, to be recorded next to the datasheet figures.
 */
public record CudaMeasurement(String deviceName, int computeCapability, double copyBandwidthGbps,
    double gemmBf16Tflops, long gemmSize) {

  private static final int RUNS = 5;

  /**
   * Measures {@code backend}'s GPU: a device-to-device copy of a 1 GiB buffer and the backend's
   * bf16 GEMM on an n×n×n product, medians of {@value #RUNS} timed runs with CUDA events.
   */
  static CudaMeasurement of(CudaBackend backend, int gemmSize) {
    long bytes = 1L << 30;
    CUdeviceptr a = new CUdeviceptr();
    CUdeviceptr b = new CUdeviceptr();
    Cuda.check(cuMemAlloc(a, bytes), "cuMemAlloc(copy source)");
    Cuda.check(cuMemAlloc(b, bytes), "cuMemAlloc(copy target)");
    double[] copyMs = new double[RUNS];
    for (int i = 0; i < copyMs.length; i++) {
      copyMs[i] = timeMs(() -> Cuda.check(cuMemcpyDtoD(b, a, bytes), "cuMemcpyDtoD"));
    }
    Cuda.check(cuMemFree(a), "cuMemFree");
    Cuda.check(cuMemFree(b), "cuMemFree");
    double copyGbps = 2.0 * bytes / (median(copyMs) / 1e3) / 1e9; // read + write
    int n = gemmSize;
    try (CudaBuffer x = new CudaBuffer((long) n * n); CudaBuffer w = new CudaBuffer((long) n * n);
        CudaBuffer out = new CudaBuffer((long) n * n)) {
      backend.matmul(out, x, w, n, n, n); // warm-up, builds the bf16 weight copy
      double[] gemmMs = new double[RUNS];
      for (int i = 0; i < gemmMs.length; i++) {
        gemmMs[i] = timeMs(() -> backend.matmul(out, x, w, n, n, n));
      }
      double tflops = 2.0 * n * n * (double) n / (median(gemmMs) / 1e3) / 1e12;
      return new CudaMeasurement(backend.gpuName(), backend.computeCapability(), copyGbps, tflops, n);
    }
  }

  /** The time {@code work} takes on the current context's GPU, in milliseconds, between two CUDA events. */
  static double timeMs(Runnable work) {
    CUevent start = new CUevent();
    CUevent stop = new CUevent();
    Cuda.check(cuEventCreate(start, 0), "cuEventCreate");
    Cuda.check(cuEventCreate(stop, 0), "cuEventCreate");
    Cuda.check(cuEventRecord(start, null), "cuEventRecord");
    work.run();
    Cuda.check(cuEventRecord(stop, null), "cuEventRecord");
    Cuda.check(cuEventSynchronize(stop), "cuEventSynchronize");
    float[] ms = {0};
    Cuda.check(cuEventElapsedTime(ms, start, stop), "cuEventElapsedTime");
    Cuda.check(cuEventDestroy(start), "cuEventDestroy");
    Cuda.check(cuEventDestroy(stop), "cuEventDestroy");
    return ms[0];
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
