package io.serveplan.simulator;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.serveplan.hardware.document.JsonCodec;
import io.serveplan.simulator.memory.MemoryPlan;
import io.serveplan.simulator.metrics.RequestRecord;
import io.serveplan.simulator.metrics.TimeSeries;
import io.serveplan.simulator.result.ResultMetrics;
import io.serveplan.simulator.spec.WhatIfSpec;
import java.util.List;

/**
 * What a simulation predicts. {@code metrics} holds vLLM bench serve's metrics then ServePlan's own
 * ({@link ResultMetrics}, written flat with docs/design.md's result keys in their order); {@code spec} is the spec as run, with the engine preset's
 * defaults filled in; {@code requests} is empty unless kept. {@link #toJson()} is deterministic:
 * the same spec and seed give byte-identical JSON. Immutable.
 */
@JsonPropertyOrder({"metrics", "memory_plan", "spec", "time_series", "requests"})
public record SimulationResult(
    ResultMetrics metrics,
    MemoryPlan memoryPlan,
    WhatIfSpec spec,
    TimeSeries timeSeries,
    List<RequestRecord> requests) {

  public SimulationResult {
    if (metrics == null) {
      throw new IllegalArgumentException("metrics are required");
    }
    requests = List.copyOf(requests);
  }

  /** A metric by its key, as a double ({@link ResultMetrics#metric}): for keys the user chooses. */
  public double metric(String key) {
    return metrics.metric(key);
  }

  public String toJson() {
    return JsonCodec.write(this, JsonCodec.Keys.SNAKE_CASE);
  }
}
