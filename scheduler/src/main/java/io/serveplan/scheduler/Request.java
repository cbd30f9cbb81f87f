package io.serveplan.scheduler;

import java.util.Arrays;

/**
 * One generation request. Its tokens are the prompt followed by the output tokens produced so
 * far; the scheduler catches {@link #numComputedTokens()} up to {@link #numTokens()} step by step.
 * The request finishes when it has produced {@link #targetOutputTokens()} tokens.
 *
 * <p>Created by the caller; mutated only by its {@link Scheduler} (not thread-safe).
 */
public final class Request {

  private final long requestId;
  private final int numPromptTokens;
  private final int targetOutputTokens;
  private final long arrivalTimeNs;
  private final int priority;
  private final long cacheSalt;
  /** Prompt then outputs; capacity prompt + target. */
  private final int[] tokens;

  int numTokens;
  int numComputedTokens;
  int numCachedPromptTokens = -1;
  int numPreemptions;
  int numSwappedBlocks;
  RequestStatus status = RequestStatus.WAITING;
  String finishReason;
  boolean everScheduled;
  /** Block ids of this request's KV, in token order. */
  int[] blockTable = new int[4];
  int numBlocks;
  /** Number of leading blocks already hashed into the prefix cache (or known not to be). */
  int numHashedBlocks;
  long lastBlockHash;

  /**
   * @param promptTokenIds explicit token ids, so that shared prefixes are real
   * @param numOutputTokens how many tokens the request will produce (as benchmarks fix it)
   * @param cacheSalt extra key mixed into the prefix-cache hash (e.g. a tenant); 0 for none
   */
  public Request(long requestId, int[] promptTokenIds, int numOutputTokens, long arrivalTimeNs,
      int priority, long cacheSalt) {
    if (promptTokenIds == null || promptTokenIds.length == 0) {
      throw new IllegalArgumentException("request " + requestId + ": prompt must have at least one token");
    }
    if (numOutputTokens < 1) {
      throw new IllegalArgumentException(
          "request " + requestId + ": numOutputTokens " + numOutputTokens + " must be >= 1");
    }
    this.requestId = requestId;
    this.numPromptTokens = promptTokenIds.length;
    this.targetOutputTokens = numOutputTokens;
    this.arrivalTimeNs = arrivalTimeNs;
    this.priority = priority;
    this.cacheSalt = cacheSalt;
    this.tokens = Arrays.copyOf(promptTokenIds, promptTokenIds.length + numOutputTokens);
    this.numTokens = promptTokenIds.length;
  }

  public long requestId() {
    return requestId;
  }

  public int numPromptTokens() {
    return numPromptTokens;
  }

  /** Output tokens this request will produce in total. */
  public int targetOutputTokens() {
    return targetOutputTokens;
  }

  /** Output tokens produced so far. */
  public int numOutputTokens() {
    return numTokens - numPromptTokens;
  }

  /** Prompt plus outputs so far: the tokens whose KV the request needs before its next token. */
  public int numTokens() {
    return numTokens;
  }

  public int numComputedTokens() {
    return numComputedTokens;
  }

  public long arrivalTimeNs() {
    return arrivalTimeNs;
  }

  public int priority() {
    return priority;
  }

  public long cacheSalt() {
    return cacheSalt;
  }

  public RequestStatus status() {
    return status;
  }

  /** "length" once finished, otherwise null. */
  public String finishReason() {
    return finishReason;
  }

  /** Prompt tokens found in the prefix cache at first admission (-1 before admission). */
  public int numCachedPromptTokens() {
    return numCachedPromptTokens;
  }

  public int numPreemptions() {
    return numPreemptions;
  }

  /** Token id at position {@code i} (prompt or output). */
  public int tokenAt(int i) {
    if (i < 0 || i >= numTokens) {
      throw new IndexOutOfBoundsException("request " + requestId + ": token " + i + " of " + numTokens);
    }
    return tokens[i];
  }

  /** A copy of the known tokens (prompt then outputs). */
  public int[] tokenIds() {
    return Arrays.copyOf(tokens, numTokens);
  }

  /** A copy of the block table. */
  public int[] blockTable() {
    return Arrays.copyOf(blockTable, numBlocks);
  }

  public int numBlocks() {
    return numBlocks;
  }

  int[] tokensArray() {
    return tokens;
  }

  boolean isFinished() {
    return status == RequestStatus.FINISHED;
  }

  void appendToken(int tokenId) {
    tokens[numTokens++] = tokenId;
  }

  void addBlock(int blockId) {
    if (numBlocks == blockTable.length) {
      blockTable = Arrays.copyOf(blockTable, Math.max(8, numBlocks * 2));
    }
    blockTable[numBlocks++] = blockId;
  }

  @Override
  public String toString() {
    return "Request[" + requestId + " " + status + " computed=" + numComputedTokens + "/" + numTokens
        + " out=" + numOutputTokens() + "/" + targetOutputTokens + " blocks=" + numBlocks + "]";
  }
}
