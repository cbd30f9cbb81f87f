package io.serveplan.simulator.plan;

import io.serveplan.simulator.timing.TimingCoefficients;
import java.util.Objects;

/**
 * The execution-time model's coefficients for a run and where they came from: {@code origin}
 * says which kind of source, {@code source} names it (the preset id, the calibration profile's id,
 * or the caller's label for an override). Immutable.
 */
public record Timing(TimingCoefficients coefficients, TimingOrigin origin, String source) {

  public Timing {
    Objects.requireNonNull(coefficients, "coefficients");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(source, "source");
  }

  /** {@code preset vllm}, {@code calibration-profile cpu-local-cpu-stories-15m}. */
  public String describe() {
    return origin.id() + " " + source;
  }
}
