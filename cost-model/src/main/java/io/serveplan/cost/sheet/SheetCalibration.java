package io.serveplan.cost.sheet;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A calibration profile a workload sheet puts in place of an engine preset's timing: {@code profile}
 * is what a what-if spec's {@code calibration:} takes (a file path; on the server, a stored
 * profile's id). It applies to the candidates of the profile's model and hardware that run
 * {@code engine} (the engine it was measured on; default {@code vllm}) and, when given, {@code
 * tensorParallel}. Immutable.
 */
public record SheetCalibration(
    String profile,
    String engine,
    @JsonProperty("tensor_parallel") Integer tensorParallel) {

  public static final String DEFAULT_ENGINE = "vllm";

  /** Whether this entry applies to a candidate running {@code engine} at {@code tp}. */
  public boolean appliesTo(String engineId, int tp) {
    return engine.equals(engineId) && (tensorParallel == null || tensorParallel == tp);
  }
}
