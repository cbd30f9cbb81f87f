package io.serveplan.executor.engine;

import java.util.List;

/**
 * What one engine run measured: every step and every finished request, the run's wall time, and
 * how many requests it refused (longer than its KV pool or context). Immutable.
 */
public record EngineRun(List<StepRecord> steps, List<RequestRecord> requests, long wallNs, String device,
    int numRefused) {

  public EngineRun {
    steps = List.copyOf(steps);
    requests = List.copyOf(requests);
  }
}
