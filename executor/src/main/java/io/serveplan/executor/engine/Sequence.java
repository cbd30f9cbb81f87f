package io.serveplan.executor.engine;

import java.util.Arrays;

/**
 * One request inside the engine: its known tokens (prompt, then generated) and each generated
 * token's time. Owned by the engine thread that serves it; not thread-safe.
 */
final class Sequence {
  final long requestId;
  final int numPromptTokens;
  final int numOutputTokens;
  final long arrivalNs;
  final int[] tokens;
  int numTokens;
  final long[] tokenTimesNs;
  int numOutput;

  Sequence(long requestId, int[] promptTokenIds, int numOutputTokens, long arrivalNs) {
    this.requestId = requestId;
    this.numPromptTokens = promptTokenIds.length;
    this.numOutputTokens = numOutputTokens;
    this.arrivalNs = arrivalNs;
    this.tokens = Arrays.copyOf(promptTokenIds, promptTokenIds.length + numOutputTokens);
    this.numTokens = promptTokenIds.length;
    this.tokenTimesNs = new long[numOutputTokens];
  }

  void append(int token, long timeNs) {
    tokens[numTokens++] = token;
    tokenTimesNs[numOutput++] = timeNs;
  }
}
