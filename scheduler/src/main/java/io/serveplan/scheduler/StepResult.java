package io.serveplan.scheduler;

/**
 * What a step produced: one sampled token per request whose scheduled tokens reached the end of
 * its known tokens. A request with no entry samples token 0 (what the simulator reports).
 */
public record StepResult(long[] requestIds, int[] sampledTokenIds) {

  private static final StepResult ZEROS = new StepResult(new long[0], new int[0]);

  public StepResult {
    if (requestIds.length != sampledTokenIds.length) {
      throw new IllegalArgumentException(
          "requestIds has " + requestIds.length + " entries, sampledTokenIds " + sampledTokenIds.length);
    }
  }

  /** Every request samples token 0: for callers that do not compute real tokens. */
  public static StepResult zeros() {
    return ZEROS;
  }

  int tokenFor(long requestId, int hint) {
    if (hint < requestIds.length && requestIds[hint] == requestId) {
      return sampledTokenIds[hint];
    }
    for (int i = 0; i < requestIds.length; i++) {
      if (requestIds[i] == requestId) {
        return sampledTokenIds[i];
      }
    }
    return 0;
  }
}
