package io.serveplan.scheduler;

import java.util.Arrays;

/**
 * What a step produced: for each request that sampled, the token ids it accepted this step, from
 * 0 to k + 1 of them (k speculative or multi-step lookahead tokens; 1 for plain decoding). A
 * scheduled request whose step reached its last known token and that has no entry accepts one
 * token, id 0 (what {@link #zeros()} gives the simulator). An entry for a request whose step did
 * not reach its known tokens (a prompt chunk mid-way) is refused by {@link Scheduler#update}.
 *
 * @param requestIds the requests with an entry
 * @param acceptedTokenIds per entry, the accepted token ids in order (length 0 to k + 1)
 */
public record StepResult(long[] requestIds, int[][] acceptedTokenIds) {

  private static final StepResult ZEROS = new StepResult(new long[0], new int[0][]);

  public StepResult {
    if (requestIds.length != acceptedTokenIds.length) {
      throw new IllegalArgumentException("requestIds has " + requestIds.length
          + " entries, acceptedTokenIds " + acceptedTokenIds.length);
    }
    for (int i = 0; i < acceptedTokenIds.length; i++) {
      if (acceptedTokenIds[i] == null) {
        throw new IllegalArgumentException("acceptedTokenIds[" + i + "] (request " + requestIds[i]
            + "): null; allowed: an array of 0 or more token ids");
      }
    }
  }

  /** Every request that samples accepts one token, id 0: for callers that compute no real tokens. */
  public static StepResult zeros() {
    return ZEROS;
  }

  /** One sampled token per request: {@code sampledTokenIds[i]} for {@code requestIds[i]}. */
  public static StepResult oneTokenEach(long[] requestIds, int[] sampledTokenIds) {
    if (requestIds.length != sampledTokenIds.length) {
      throw new IllegalArgumentException("requestIds has " + requestIds.length
          + " entries, sampledTokenIds " + sampledTokenIds.length);
    }
    int[][] accepted = new int[sampledTokenIds.length][];
    for (int i = 0; i < accepted.length; i++) {
      accepted[i] = new int[] {sampledTokenIds[i]};
    }
    return new StepResult(requestIds, accepted);
  }

  /** Number of entries. */
  public int size() {
    return requestIds.length;
  }

  /** Tokens entry {@code i} accepted this step. */
  public int numAcceptedTokens(int i) {
    return acceptedTokenIds[i].length;
  }

  /** The {@code j}-th token entry {@code i} accepted. */
  public int acceptedTokenId(int i, int j) {
    return acceptedTokenIds[i][j];
  }

  /** Total tokens accepted by every entry. */
  public int totalAcceptedTokens() {
    int n = 0;
    for (int[] a : acceptedTokenIds) {
      n += a.length;
    }
    return n;
  }

  /** The entry of {@code requestId}, looked up first at index {@code hint}; -1 when none. */
  int indexOf(long requestId, int hint) {
    if (hint < requestIds.length && requestIds[hint] == requestId) {
      return hint;
    }
    for (int i = 0; i < requestIds.length; i++) {
      if (requestIds[i] == requestId) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StepResult r && Arrays.equals(requestIds, r.requestIds)
        && Arrays.deepEquals(acceptedTokenIds, r.acceptedTokenIds);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(requestIds) + Arrays.deepHashCode(acceptedTokenIds);
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("StepResult[");
    for (int i = 0; i < requestIds.length; i++) {
      s.append(i == 0 ? "" : ", ").append(requestIds[i]).append('=')
          .append(Arrays.toString(acceptedTokenIds[i]));
    }
    return s.append(']').toString();
  }
}
