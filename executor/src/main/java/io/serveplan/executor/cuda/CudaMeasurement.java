package io.serveplan.executor.cuda;

/**
 * What the CUDA backend measured on its GPU: device-to-device copy bandwidth (bytes read +
 * written per second, GB/s) and its own bf16 tensor-core GEMM throughput (TFLOP/s), beside the
 * device's name, to be recorded next to the datasheet figures.
 */
public record CudaMeasurement(String deviceName, int computeCapability, double copyBandwidthGbps,
    double gemmBf16Tflops, long gemmSize) {}
