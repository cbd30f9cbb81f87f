package io.serveplan.web;

import java.util.Locale;

/** Calibration profile documents for the web tests, in the format {@code POST /api/v1/calibrations} takes. */
public final class TestProfiles {

  private TestProfiles() {}

  /**
   * A profile with the same plausible coefficients each time and the given identity and fit.
   *
   * @param backend {@code cpu}, {@code cuda} or {@code openai} (a live server)
   */
  public static String json(String id, String backend, String hardware, String model, double r2, double meanError,
      int samples) {
    return String.format(Locale.ROOT, """
        {"id": "%s", "backend": "%s", "hardware_id": "%s", "model_id": "%s",
         "coefficients": {"compute_efficiency": 0.5, "memory_efficiency": 0.7, "attention_efficiency": 0.5,
                          "per_step_overhead_us": 100, "per_layer_overhead_us": 5,
                          "per_sequence_overhead_us": 2, "per_token_overhead_us": 0.1},
         "r2": %s, "mean_abs_rel_error": %s, "samples": %d, "created": "2026-12-02T10:00:00Z"}""",
        id, backend, hardware, model, r2, meanError, samples);
  }
}
