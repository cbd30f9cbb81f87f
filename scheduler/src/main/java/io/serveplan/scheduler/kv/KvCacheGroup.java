package io.serveplan.scheduler.kv;

/**
 * One group of layers that share a block layout in a hybrid model's KV cache (vLLM's KV-cache
 * groups): full attention, a sliding window, chunked local attention, or per-sequence state
 * (linear attention / state-space layers). Immutable.
 *
 * @param name for messages ("full", "sliding-128", ...)
 * @param window tokens a sliding group attends to (its own included); 0 otherwise
 * @param sinkTokens leading tokens a sliding group keeps (never freed); 0 otherwise
 * @param chunk tokens of a chunked group's chunk; 0 otherwise
 * @param stateBlocks blocks one running sequence's state takes in a state group; 0 otherwise
 */
public record KvCacheGroup(String name, Kind kind, int window, int sinkTokens, int chunk,
    int stateBlocks) {

  /** How a group's blocks follow a sequence. */
  public enum Kind {
    FULL,
    SLIDING,
    CHUNKED,
    STATE
  }

  public KvCacheGroup {
    switch (kind) {
      case SLIDING -> positive("window", window);
      case CHUNKED -> positive("chunk", chunk);
      case STATE -> positive("stateBlocks", stateBlocks);
      default -> { }
    }
    if (sinkTokens < 0) {
      throw new IllegalArgumentException("sinkTokens: " + sinkTokens + " must be >= 0");
    }
  }

  public static KvCacheGroup full() {
    return new KvCacheGroup("full", Kind.FULL, 0, 0, 0, 0);
  }

  public static KvCacheGroup sliding(int window, int sinkTokens) {
    return new KvCacheGroup("sliding-" + window, Kind.SLIDING, window, sinkTokens, 0, 0);
  }

  public static KvCacheGroup chunked(int chunk) {
    return new KvCacheGroup("chunked-" + chunk, Kind.CHUNKED, 0, 0, chunk, 0);
  }

  public static KvCacheGroup state(int stateBlocks) {
    return new KvCacheGroup("state", Kind.STATE, 0, 0, 0, stateBlocks);
  }

  /**
   * Index of the first block a sequence with {@code numComputedTokens} computed tokens still needs
   * (blocks before it have fallen out of the window or the chunk and can be freed): vLLM's
   * {@code remove_skipped_blocks}. The next token attends to positions from numComputed − window
   * + 1 (sliding) or from the start of its chunk (chunked). Full groups need every block.
   */
  int firstUsefulBlock(int numComputedTokens, int blockSize) {
    return switch (kind) {
      case SLIDING -> Math.max(0, numComputedTokens - window + 1) / blockSize;
      case CHUNKED -> numComputedTokens / chunk * chunk / blockSize;
      default -> 0;
    };
  }

  /**
   * The first computed-token count at which block {@code block} is no longer useful (the inverse
   * of {@link #firstUsefulBlock}); Integer.MAX_VALUE for groups that never free.
   */
  int firstTokensFreeing(int block, int blockSize) {
    long n = switch (kind) {
      case SLIDING -> (long) (block + 1) * blockSize + window - 1;
      case CHUNKED -> ((long) (block + 1) * blockSize + chunk - 1) / chunk * chunk;
      default -> Integer.MAX_VALUE;
    };
    return (int) Math.min(Integer.MAX_VALUE, n);
  }

  /**
   * Blocks a sequence holds in this group once {@code numComputedTokens} are computed and its
   * table was last trimmed there: what a decoding sequence of that length costs.
   */
  public int blocksHeldAt(long numComputedTokens, int blockSize) {
    if (kind == Kind.STATE) {
      return stateBlocks;
    }
    long slots = (numComputedTokens + blockSize - 1) / blockSize;
    long freed = Math.max(0, Math.min(slots, firstUsefulBlock(
        (int) Math.min(Integer.MAX_VALUE, numComputedTokens), blockSize)) - sinkBlocks(blockSize));
    return (int) (slots - freed);
  }

  /**
   * The most blocks one sequence of at most {@code maxTokens} tokens, computing at most {@code
   * maxChunk} of them in one step, holds in this group at any time (an upper bound: a window of
   * tokens spans at most one block more than it fills).
   */
  public long maxBlocksHeld(int maxTokens, int maxChunk, int blockSize) {
    long all = ((long) maxTokens + blockSize - 1) / blockSize;
    long chunkTokens = Math.min(maxChunk, maxTokens);
    return switch (kind) {
      case FULL -> all;
      case SLIDING -> Math.min(all, sinkBlocks(blockSize)
          + (window - 1 + chunkTokens + blockSize - 1) / blockSize + 1);
      case CHUNKED -> Math.min(all, (chunk - 1 + chunkTokens + blockSize - 1) / blockSize + 1);
      case STATE -> stateBlocks;
    };
  }

  /** Leading blocks a sliding group keeps for its sink tokens. */
  int sinkBlocks(int blockSize) {
    return (sinkTokens + blockSize - 1) / blockSize;
  }

  private static void positive(String field, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(field + ": " + v + " must be > 0");
    }
  }
}
