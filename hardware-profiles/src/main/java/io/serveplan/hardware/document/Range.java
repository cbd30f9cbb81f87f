package io.serveplan.hardware.document;

import java.util.Locale;

/**
 * The allowed interval of a number: {@code (min, max]} when {@code minExclusive}, else {@code [min,
 * max]}, with an optional unit for the message. A maximum of {@link Double#POSITIVE_INFINITY} (or
 * at least {@link Integer#MAX_VALUE}) reads as "no upper bound".
 */
public record Range(double min, boolean minExclusive, double max, String unit) {

  public Range {
    unit = unit == null ? "" : unit;
  }

  /** {@code > min}. */
  public static Range above(double min) {
    return new Range(min, true, Double.POSITIVE_INFINITY, "");
  }

  /** {@code >= min}. */
  public static Range atLeast(double min) {
    return new Range(min, false, Double.POSITIVE_INFINITY, "");
  }

  /** {@code [min, max]}. */
  public static Range closed(double min, double max) {
    return new Range(min, false, max, "");
  }

  /** {@code (min, max]}. */
  public static Range aboveUpTo(double min, double max) {
    return new Range(min, true, max, "");
  }

  public Range withUnit(String u) {
    return new Range(min, minExclusive, max, u);
  }

  public boolean contains(double v) {
    return (minExclusive ? v > min : v >= min) && v <= max;
  }

  public boolean bounded() {
    return max < Integer.MAX_VALUE;
  }

  /** What a value must be: {@code in (0, 1]}, {@code in [0, 24] h}, {@code > 0}, {@code >= 1}. */
  public String describe() {
    String u = unit.isEmpty() ? "" : " " + unit;
    return bounded() ? "in " + this : (minExclusive ? "> " : ">= ") + fmt(min) + u;
  }

  /** The interval: {@code (0, 80,000] GB/s}. */
  @Override
  public String toString() {
    return (minExclusive ? "(" : "[") + fmt(min) + ", " + (bounded() ? fmt(max) : "∞") + "]"
        + (unit.isEmpty() ? "" : " " + unit);
  }

  /** The one number format of messages: whole numbers with thousands separators, others as Java prints them. */
  public static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) d) : Double.toString(d);
  }
}
