package io.serveplan.scheduler;

/**
 * A snapshot of the KV cache. {@code usage} = blocks in use / total (cached free blocks count as
 * free, as vLLM reports). Prefix figures are in tokens, counted at each admission.
 */
public record KvCacheStats(
    int numTotalBlocks,
    int numFreeBlocks,
    double usage,
    long prefixQueryTokens,
    long prefixHitTokens,
    long numEvictions,
    int numCpuBlocksUsed) {

  /** Fraction of queried prompt tokens found in the cache (0 when nothing was queried). */
  public double prefixHitRate() {
    return prefixQueryTokens == 0 ? 0.0 : (double) prefixHitTokens / prefixQueryTokens;
  }
}
