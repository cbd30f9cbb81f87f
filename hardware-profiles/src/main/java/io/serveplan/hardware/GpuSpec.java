package io.serveplan.hardware;

import java.util.EnumSet;
import java.util.Set;

/**
 * A GPU's datasheet facts (or a measured machine such as {@code cpu-local}). TFLOPS are dense (no
 * 2:4 sparsity); bandwidths are GB/s (1e9 bytes per second); {@code interconnectGbps} is the
 * scale-up link per GPU, bidirectional. Immutable.
 */
public record GpuSpec(
    String id,
    String name,
    String vendor,
    double memoryGb,
    double memoryBandwidthGbps,
    double bf16Tflops,
    double fp16Tflops,
    double fp8Tflops,
    double int8Tops,
    double fp32Tflops,
    double interconnectGbps,
    double tdpWatts,
    Set<Dtype> nativeDtypes,
    String source,
    String asOf,
    String confidence,
    String notes) {

  public GpuSpec {
    nativeDtypes = nativeDtypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(nativeDtypes));
  }

  /** Device memory in bytes (memoryGb × 1e9, as datasheets count). */
  public long memoryBytes() {
    return (long) (memoryGb * 1e9);
  }

  public double bandwidthBytesPerSec() {
    return memoryBandwidthGbps * 1e9;
  }

  /** Scale-up interconnect bandwidth in bytes/s, one direction (half the bidirectional figure). */
  public double interconnectBytesPerSecOneWay() {
    return interconnectGbps * 1e9 / 2;
  }

  public boolean supports(Dtype dtype) {
    return nativeDtypes.contains(dtype);
  }

  /**
   * Peak dense FLOP/s for matrix math in the given compute dtype. A dtype the GPU does not compute
   * natively (int4, or fp8 on an A100) runs at the 16-bit rate, as weight-only quantized kernels do.
   */
  public double peakFlops(Dtype computeDtype) {
    double tflops =
        switch (computeDtype) {
          case FP32 -> fp32Tflops;
          case BF16 -> bf16Tflops;
          case FP16 -> fp16Tflops > 0 ? fp16Tflops : bf16Tflops;
          case FP8 -> supports(Dtype.FP8) && fp8Tflops > 0 ? fp8Tflops : bf16Tflops;
          case INT8 -> supports(Dtype.INT8) && int8Tops > 0 ? int8Tops : bf16Tflops;
          case INT4 -> bf16Tflops;
        };
    return tflops * 1e12;
  }
}
