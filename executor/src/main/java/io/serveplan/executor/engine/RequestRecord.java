package io.serveplan.executor.engine;

/**
 * One served request's timeline, ns after the run started: arrival, admission to the running
 * batch, each output token's time; plus how many prompt tokens the prefix cache supplied.
 */
public record RequestRecord(
    long requestId, int promptTokens, int outputTokens, long arrivalNs, long[] tokenTimesNs,
    int numCachedPromptTokens, int numPreemptions) {

  public long firstTokenNs() {
    return tokenTimesNs[0];
  }

  public long finishNs() {
    return tokenTimesNs[tokenTimesNs.length - 1];
  }
}
