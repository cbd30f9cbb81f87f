package io.serveplan.scheduler;

import java.util.List;

/**
 * How the {@link Scheduler}'s requests hold KV blocks: one per-token block table per request
 * ({@link KvCacheManager}, every plain full-attention model) or one table per KV-cache group of a
 * hybrid model ({@link HybridKvCoordinator}, after vLLM's {@code KVCacheCoordinator}). The
 * scheduler asks only these questions, so admission, per-step allocation, "does not fit" and
 * preemption use each request's real block demand either way.
 */
abstract sealed class KvCoordinator permits KvCacheManager, HybridKvCoordinator {

  long prefixQueryTokens;
  long prefixHitTokens;

  /** Records an admission's prefix query and hit, in tokens. */
  final void countQuery(int queryTokens, int hitTokens) {
    prefixQueryTokens += queryTokens;
    prefixHitTokens += hitTokens;
  }

  /** The longest cached prefix of {@code r}'s known tokens (0 without prefix caching). */
  abstract int findPrefixHit(Request r);

  /**
   * Gives {@code r}, which holds no blocks, the last {@link #findPrefixHit} and room for {@code
   * numNewTokens} more; false, with nothing changed, when the pool cannot supply them.
   */
  abstract boolean allocateWithHit(Request r, int numNewTokens);

  /** Room for {@code numNewTokens} more computed tokens of a running {@code r}; false when out of blocks. */
  abstract boolean allocateSlots(Request r, int numNewTokens);

  /**
   * Brings a swapped-out {@code r} (its {@code numSwappedBlocks} blocks on the host) back with room
   * for {@code numNewTokens} more; false, with nothing changed, when the pool cannot hold them.
   */
  abstract boolean swapIn(Request r, int numSwappedBlocks, int numNewTokens);

  /** Hashes the blocks of {@code r} that became full (prefix caching). */
  abstract void cacheFullBlocks(Request r);

  /** Releases every block of {@code r}. */
  abstract void free(Request r);

  /** Blocks {@code r} holds now (what a swap-out moves). */
  abstract int numBlocksHeld(Request r);

  /** Blocks the last allocation for running {@code r} added; {@code before} is its table length then. */
  abstract int[] newBlocks(Request r, int before);

  /** Blocks of {@code r} just admitted (all of them new to this step). */
  abstract int[] admittedBlocks(Request r);

  /** The most blocks one request of {@code maxTokens} tokens, {@code maxChunk} at once, ever holds. */
  abstract long maxBlocksHeld(int maxTokens, int maxChunk);

  /** Next single-token steps of running {@code r} whose allocation would change nothing. */
  abstract int tokensWithoutBlockChange(Request r);

  /** Checks that the tables account for every block reference; throws naming what is broken. */
  abstract void checkTables(List<Request> running, Iterable<Request> waiting);

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
