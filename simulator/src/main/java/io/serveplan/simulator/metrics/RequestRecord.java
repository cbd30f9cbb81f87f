package io.serveplan.simulator.metrics;

import java.util.List;

/**
 * One completed request as a benchmark client would see it: times in milliseconds from its
 * arrival; {@code tpotMs} as vLLM computes it ((e2el − ttft) / (output tokens − 1), 0 for a single
 * token); {@code itlMs} every inter-token gap when it was recorded (empty otherwise).
 */
public record RequestRecord(
    long requestId,
    double arrivalS,
    int promptTokens,
    int outputTokens,
    int cachedPromptTokens,
    int numPreemptions,
    int replica,
    double ttftMs,
    double tpotMs,
    double e2elMs,
    boolean good,
    List<Double> itlMs) {

  public RequestRecord {
    itlMs = List.copyOf(itlMs);
  }
}
