package io.serveplan.executor.engine;

import java.util.List;

/**
 * What one engine run measured: every step and every request, and the run's wall time.
 * Immutable.
 */
public record EngineRun(List<StepRecord> steps, List<RequestRecord> requests, long wallNs, String device) {

  public EngineRun {
    steps = List.copyOf(steps);
    requests = List.copyOf(requests);
  }
}
