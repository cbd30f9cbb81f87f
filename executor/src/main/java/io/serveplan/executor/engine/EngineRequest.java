package io.serveplan.executor.engine;

/**
 * One request the engine serves: its prompt, how many tokens it must generate (exactly, as
 * benchmarks do: no end-of-sequence stop), and when it arrives relative to the run's start.
 *
 * @param arrivalNs nanoseconds after the run starts; 0 for offline runs
 */
public record EngineRequest(long requestId, int[] promptTokenIds, int numOutputTokens, long arrivalNs) {

  public EngineRequest {
    if (promptTokenIds.length == 0 || numOutputTokens <= 0 || arrivalNs < 0) {
      throw new IllegalArgumentException("request " + requestId
          + " needs a non-empty prompt, at least one output token and a non-negative arrival");
    }
    promptTokenIds = promptTokenIds.clone();
  }
}
