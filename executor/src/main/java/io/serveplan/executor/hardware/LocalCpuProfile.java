package io.serveplan.executor.hardware;

import io.serveplan.executor.ExecutorException;
import io.serveplan.executor.cpu.CpuMicrobench;
import io.serveplan.hardware.Dtype;
import io.serveplan.hardware.GpuSpec;
import io.serveplan.hardware.document.JsonCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.stream.Stream;

/**
 * The machine ServePlan runs on, measured, as the hardware profile {@code cpu-local}: streaming
 * read bandwidth and Vector API FMA peak on all cores ({@link CpuMicrobench}), kept in a JSON file
 * (by default {@code hardware/cpu-local.json} in ServePlan's data directory) and reused on later runs; delete or edit the
 * file, or pass another path, to override it. {@link #toGpuSpec} presents it the way the simulator
 * sees every device, so {@code Catalog.withGpu(profile.toGpuSpec())} lets the simulator model the
 * CPU executor with the same roofline it uses for GPUs.
 *
 * <p>Memory: {@code memoryGb} is not the machine's RAM (which it shares) but the device memory the
 * simulator's memory planner is given for this machine; the executor allocates exactly the number
 * of KV blocks that plan yields. The default {@value #DEFAULT_MEMORY_GB} GB leaves, after the
 * planner's 1 GB runtime reserve and bf16 weights, about 1300 blocks of 16 tokens for stories-42m
 * (about 0.7 GB of fp32 K/V in the executor).
 *
 * @param readGbps streaming read bandwidth, GB/s (1e9 B/s): what a decode matrix-vector product needs
 * @param triadGbps STREAM triad bandwidth (2 reads + 1 write), GB/s
 * @param fmaGflops fp32 FMA peak over all threads, GFLOP/s
 * @param memoryGb the executor's memory budget (weights + KV), GB
 */
public record LocalCpuProfile(
    String id, String cpuModel, int threads, double readGbps, double triadGbps, double fmaGflops,
    double memoryGb, String measuredAt) {

  /** The catalog id of this machine. */
  public static final String ID = "cpu-local";
  /** Default memory budget for the executor's weights and KV cache, GB. */
  public static final double DEFAULT_MEMORY_GB = 1.6;

  /** Measures this machine now (about 10-20 s on two cores). */
  public static LocalCpuProfile measure(int threads) {
    CpuMicrobench.Result r = CpuMicrobench.measure(threads, 15);
    return new LocalCpuProfile(ID, detectCpuModel(), threads, r.readBytesPerSec() / 1e9, r.triadBytesPerSec() / 1e9,
        r.fmaFlopsPerSec() / 1e9, DEFAULT_MEMORY_GB, Instant.now().toString());
  }

  /**
   * The profile kept in {@code file}, or a fresh measurement written there when the file does not
   * exist yet.
   */
  public static LocalCpuProfile obtain(Path file) {
    if (Files.isRegularFile(file)) {
      return read(file);
    }
    LocalCpuProfile p = measure(Runtime.getRuntime().availableProcessors());
    p.write(file);
    return p;
  }

  /** The file in a data directory: {@code hardware/cpu-local.json} under {@code dataDir}. */
  public static Path fileIn(Path dataDir) {
    return dataDir.resolve("hardware").resolve("cpu-local.json");
  }

  public static LocalCpuProfile read(Path file) {
    try {
      LocalCpuProfile p = JsonCodec.read(file, LocalCpuProfile.class, JsonCodec.Keys.SNAKE_CASE);
      if (!(p.readGbps > 0 && p.fmaGflops > 0 && p.memoryGb > 0)) {
        throw new IllegalArgumentException(file + ": read_gbps, fma_gflops and memory_gb must be positive");
      }
      return p;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read hardware profile " + file + ": " + e.getMessage(), e);
    }
  }

  public void write(Path file) {
    try {
      JsonCodec.write(file, this, JsonCodec.Keys.SNAKE_CASE);
    } catch (java.io.UncheckedIOException e) {
      throw new ExecutorException("cannot write hardware profile " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * This machine as the simulator's device: bandwidth = streaming read, every compute rate = the
   * fp32 FMA peak (the executor computes in fp32 whatever dtype the spec names).
   */
  public GpuSpec toGpuSpec() {
    double tflops = fmaGflops / 1000;
    return new GpuSpec(ID, "This machine (" + cpuModel + ", " + threads + " threads)", "cpu",
        memoryGb, readGbps, tflops, tflops, tflops, tflops, tflops, 0, 0,
        EnumSet.of(Dtype.FP32, Dtype.BF16, Dtype.FP16),
        "measured by ServePlan (CpuMicrobench: streaming read, Vector API FMA loop, best of 15, per-thread CPU time)",
        measuredAt.length() >= 10 ? measuredAt.substring(0, 10) : measuredAt, "verified",
        "memory_gb is the memory the simulator's planner gets for this machine (the executor allocates the "
            + "KV blocks that plan yields), not the machine's RAM; triad "
            + String.format(java.util.Locale.ROOT, "%.1f", triadGbps) + " GB/s");
  }

  private static String detectCpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse(System.getProperty("os.arch"));
    } catch (IOException | RuntimeException e) {
      return System.getProperty("os.arch");
    }
  }
}
