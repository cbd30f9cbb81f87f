package io.serveplan.simulator.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Service-level objectives in milliseconds. A request is "good" (counts towards {@code goodput},
 * as in vLLM's bench serve) when its TTFT, its TPOT and, if set, its end-to-end latency are all
 * within them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SloSpec(double ttftMs, double tpotMs, Double e2elMs) {

  public static SloSpec defaults() {
    return new SloSpec(500, 50, null);
  }
}
