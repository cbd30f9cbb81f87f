package io.serveplan.hardware;

import io.serveplan.hardware.document.Fields;
import io.serveplan.hardware.document.Range;
import java.util.Map;
import java.util.Optional;

/**
 * The physical range of each catalog number that has one: a value outside is refused by the
 * catalog reader with the range named, so that an entry sent over the API cannot make the
 * simulator allocate without bound or divide by almost nothing.
 *
 * <p>Device sizes and speeds may be up to ten times today's largest part in the built-in catalog
 * (gpus.yaml, as of 2026-11-22: B200 8,000 GB/s and 2,250 dense bf16 / 4,500 fp8 TFLOPS, S16;
 * MI325X 256 GB, S19; MI300X 163.4 fp32 TFLOPS, S20; NVLink 5 1,800 GB/s), memory up to 1 TB per
 * device; efficiencies in (0.01, 1]; fixed overheads up to 1 s. A value outside is worded as every
 * range problem of the document reader: {@code must be in (0, 80,000] GB/s, got 800,000}.
 */
public final class PhysicalRanges {

  private static final double OVERHEAD_MAX_US = 1_000_000;

  static final Map<String, Range> RANGES = Map.ofEntries(
      Map.entry("memory_gb", new Range(0, true, 1024, "GB")),
      Map.entry("memory_bandwidth_gbps", new Range(0, true, 80_000, "GB/s")),
      Map.entry("bf16_tflops", new Range(0, true, 22_500, "TFLOPS")),
      Map.entry("fp16_tflops", new Range(0, false, 22_500, "TFLOPS")),
      Map.entry("fp8_tflops", new Range(0, false, 45_000, "TFLOPS")),
      Map.entry("int8_tops", new Range(0, false, 45_000, "TOPS")),
      Map.entry("fp32_tflops", new Range(0, false, 1_634, "TFLOPS")),
      Map.entry("interconnect_gbps", new Range(0, false, 18_000, "GB/s")),
      Map.entry("tdp_watts", new Range(0, false, 10_000, "W")),
      Map.entry("compute_efficiency", new Range(0.01, true, 1, "")),
      Map.entry("memory_efficiency", new Range(0.01, true, 1, "")),
      Map.entry("attention_efficiency", new Range(0.01, true, 1, "")),
      Map.entry("per_step_overhead_us", new Range(0, false, OVERHEAD_MAX_US, "us")),
      Map.entry("per_layer_overhead_us", new Range(0, false, OVERHEAD_MAX_US, "us")),
      Map.entry("per_sequence_overhead_us", new Range(0, false, OVERHEAD_MAX_US, "us")));

  private PhysicalRanges() {}

  /** The range of {@code field}, if it has one. */
  public static Optional<Range> of(String field) {
    return Optional.ofNullable(RANGES.get(field));
  }

  /** Empty when {@code value} is within {@code field}'s range (or it has none); else the message. */
  public static Optional<String> problem(String field, double value) {
    return of(field).filter(r -> !r.contains(value)).map(r -> Fields.rangeProblem(r, value));
  }
}
