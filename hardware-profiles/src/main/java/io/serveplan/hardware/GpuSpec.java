package io.serveplan.hardware;

import java.util.EnumSet;
import java.util.Set;

/**
 * A GPU's datasheet facts (or a measured machine such as {@code cpu-local}). TFLOPS are dense (no
 * 2:4 sparsity); bandwidths are GB/s (1e9 bytes per second); {@code interconnectGbps} is the
 * scale-up link per GPU, bidirectional. Immutable.
 *
 * <p>{@code fp4Tflops} is the dense FP4 tensor rate (NVFP4 and MXFP4 on Blackwell, MXFP4 on
 * MI355X; 0 where the GPU has none). {@code scaleUpDomainGpus} is how many GPUs one scale-up hop
 * reaches (8 in an HGX board, 72 in an NVL72 rack; 1 for a PCIe card without a bridge; 0 unknown).
 *
 * <p>Memory has two figures. {@code memoryGb} is the datasheet's (or, where the entry says so, the
 * visible share of it); {@code runtimeMemoryBytes} is the total the runtime reports (nvidia-smi's
 * {@code memory.total}, rocm-smi's VRAM total, an engine's start-up log) and {@code
 * runtimeMemorySource} where that line was published and when; 0 and "" where no such line is
 * cited. {@link #memoryBytes()}, the figure the memory planner uses, is the runtime one where
 * present, else {@code memoryGb} × 1e9; {@link #datasheetMemoryBytes()} is always the latter.
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
    String notes,
    double fp4Tflops,
    long runtimeMemoryBytes,
    int scaleUpDomainGpus,
    String runtimeMemorySource) {

  public GpuSpec {
    nativeDtypes = nativeDtypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(nativeDtypes));
    if (runtimeMemoryBytes < 0) {
      throw new IllegalArgumentException(id + ": runtimeMemoryBytes must be >= 0 (0 = not known), got "
          + runtimeMemoryBytes);
    }
    runtimeMemorySource = runtimeMemorySource == null ? "" : runtimeMemorySource;
  }

  /** A GPU without FP4, runtime-reported memory or a known scale-up domain (the older entries). */
  public GpuSpec(String id, String name, String vendor, double memoryGb, double memoryBandwidthGbps,
      double bf16Tflops, double fp16Tflops, double fp8Tflops, double int8Tops, double fp32Tflops,
      double interconnectGbps, double tdpWatts, Set<Dtype> nativeDtypes, String source, String asOf,
      String confidence, String notes) {
    this(id, name, vendor, memoryGb, memoryBandwidthGbps, bf16Tflops, fp16Tflops, fp8Tflops,
        int8Tops, fp32Tflops, interconnectGbps, tdpWatts, nativeDtypes, source, asOf, confidence,
        notes, 0, 0, 0, "");
  }

  /**
   * Device memory in bytes, the figure memory planning uses: as the runtime reports it where the
   * catalog has that figure, else the datasheet's memoryGb × 1e9.
   */
  public long memoryBytes() {
    return hasRuntimeMemory() ? runtimeMemoryBytes : datasheetMemoryBytes();
  }

  /** The datasheet's memoryGb × 1e9 bytes, whether or not a runtime figure is known. */
  public long datasheetMemoryBytes() {
    return (long) (memoryGb * 1e9);
  }

  /** Whether {@link #memoryBytes()} is a runtime-reported figure rather than the datasheet's. */
  public boolean hasRuntimeMemory() {
    return runtimeMemoryBytes > 0;
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
   * natively (int4, fp8 on an A100, fp4 on a Hopper) runs at the 16-bit rate, as weight-only
   * quantized kernels do.
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
          case FP4, MXFP4 -> supports(computeDtype) && fp4Tflops > 0 ? fp4Tflops : bf16Tflops;
        };
    return tflops * 1e12;
  }
}
