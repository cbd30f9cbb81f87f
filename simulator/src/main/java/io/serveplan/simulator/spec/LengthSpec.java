package io.serveplan.simulator.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A token-length distribution: {@code fixed {value}}, {@code uniform {min, max}}, {@code normal} and
 * {@code lognormal {mean, stddev, max}} (mean and stddev of the lengths themselves, clipped to
 * {@code [1, max]}), {@code empirical {trace}} (lengths sampled from a trace's matching column).
 * Fields a distribution does not use are null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LengthSpec(
    String distribution,
    Double value,
    Double min,
    Double max,
    Double mean,
    Double stddev,
    String trace) {

  public static final List<String> DISTRIBUTIONS =
      List.of("fixed", "uniform", "normal", "lognormal", "empirical");

  public static LengthSpec fixed(double value) {
    return new LengthSpec("fixed", value, null, null, null, null, null);
  }

  public static LengthSpec lognormal(double mean, double stddev, double max) {
    return new LengthSpec("lognormal", null, null, max, mean, stddev, null);
  }

  /** The expected length (before clipping for normal/lognormal; empirical reports null). */
  public double expectedValue() {
    return switch (distribution) {
      case "fixed" -> value;
      case "uniform" -> (min + max) / 2;
      case "normal", "lognormal" -> Math.min(mean, max);
      default -> Double.NaN;
    };
  }
}
