package io.serveplan.hardware;

import java.util.Locale;
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
 * device; efficiencies in (0.01, 1]; fixed overheads up to 1 s.
 */
public final class PhysicalRanges {

  /** An allowed interval: {@code (min, max]} when {@code minExclusive}, else {@code [min, max]}. */
  public record Range(double min, boolean minExclusive, double max, String unit) {
    boolean contains(double v) {
      return (minExclusive ? v > min : v >= min) && v <= max;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s%s, %s]%s", minExclusive ? "(" : "[", fmt(min), fmt(max),
          unit.isEmpty() ? "" : " " + unit);
    }

    private static String fmt(double d) {
      return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) d) : Double.toString(d);
    }
  }

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
    return of(field).filter(r -> !r.contains(value)).map(r -> value + " is outside the physical range " + r);
  }
}
