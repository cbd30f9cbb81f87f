package io.serveplan.scheduler;

import io.serveplan.scheduler.kv.KvCacheGroup;
import java.util.List;
import java.util.Objects;

/**
 * Scheduler knobs, named as vLLM names them. Validated on construction: a wrong value throws
 * {@link IllegalArgumentException} naming the field and the allowed range.
 *
 * @param longPrefillTokenThreshold cap on the tokens one prompt may take in a step (0 = none)
 * @param numCpuBlocks size of the host swap pool in blocks (used by {@link PreemptionMode#SWAP})
 * @param hashSeed seed of the chained prefix-cache block hash
 * @param staticBatchTimeoutNs how long {@link SchedulingPolicy#STATIC} waits for a full batch
 * @param kvCacheGroups a hybrid model's KV-cache groups (vLLM's hybrid allocator): each request then
 *     holds one block table per group over the shared pool of {@code numGpuBlocks}; empty (the
 *     default) = one per-token table, every plain full-attention model. Prefix caching must be off
 *     with groups (hybrid prefix caching is not modelled)
 */
public record SchedulerConfig(
    SchedulingPolicy policy,
    int maxNumSeqs,
    int maxNumBatchedTokens,
    int longPrefillTokenThreshold,
    int blockSize,
    int numGpuBlocks,
    int numCpuBlocks,
    boolean prefixCaching,
    long hashSeed,
    PreemptionMode preemptionMode,
    QueueOrder queueOrder,
    long staticBatchTimeoutNs,
    List<KvCacheGroup> kvCacheGroups) {

  /** A plain model's config: one per-token block table per request. */
  public SchedulerConfig(SchedulingPolicy policy, int maxNumSeqs, int maxNumBatchedTokens,
      int longPrefillTokenThreshold, int blockSize, int numGpuBlocks, int numCpuBlocks,
      boolean prefixCaching, long hashSeed, PreemptionMode preemptionMode, QueueOrder queueOrder,
      long staticBatchTimeoutNs) {
    this(policy, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold, blockSize,
        numGpuBlocks, numCpuBlocks, prefixCaching, hashSeed, preemptionMode, queueOrder,
        staticBatchTimeoutNs, List.of());
  }

  public SchedulerConfig {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(preemptionMode, "preemptionMode");
    Objects.requireNonNull(queueOrder, "queueOrder");
    positive("maxNumSeqs", maxNumSeqs);
    positive("maxNumBatchedTokens", maxNumBatchedTokens);
    positive("blockSize", blockSize);
    positive("numGpuBlocks", numGpuBlocks);
    if (longPrefillTokenThreshold < 0) {
      throw new IllegalArgumentException("longPrefillTokenThreshold: " + longPrefillTokenThreshold + " must be >= 0");
    }
    if (numCpuBlocks < 0) {
      throw new IllegalArgumentException("numCpuBlocks: " + numCpuBlocks + " must be >= 0");
    }
    if (staticBatchTimeoutNs < 0) {
      throw new IllegalArgumentException("staticBatchTimeoutNs: " + staticBatchTimeoutNs + " must be >= 0");
    }
    kvCacheGroups = List.copyOf(Objects.requireNonNull(kvCacheGroups, "kvCacheGroups"));
    if (!kvCacheGroups.isEmpty() && prefixCaching) {
      throw new IllegalArgumentException("prefixCaching: must be false with kvCacheGroups "
          + "(prefix caching of hybrid models is not modelled), got true");
    }
  }

  /** Whether requests hold one table per KV-cache group (a hybrid model). */
  public boolean isHybrid() {
    return !kvCacheGroups.isEmpty();
  }

  private static void positive(String field, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(field + ": " + v + " must be > 0");
    }
  }

  /** vLLM-like defaults: chunked prefill, 256 sequences, 8192 tokens, blocks of 16, prefix caching. */
  public static SchedulerConfig defaults(int numGpuBlocks) {
    return new SchedulerConfig(SchedulingPolicy.CHUNKED_PREFILL, 256, 8192, 0, 16, numGpuBlocks, 0,
        true, 0L, PreemptionMode.RECOMPUTE, QueueOrder.FCFS, 0L);
  }

  public SchedulerConfig withPolicy(SchedulingPolicy p) {
    return new SchedulerConfig(p, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
        blockSize, numGpuBlocks, numCpuBlocks, prefixCaching, hashSeed, preemptionMode, queueOrder,
        staticBatchTimeoutNs, kvCacheGroups);
  }

  /** The same config with these KV-cache groups (non-empty: a hybrid model, prefix caching off). */
  public SchedulerConfig withKvCacheGroups(List<KvCacheGroup> groups) {
    return new SchedulerConfig(policy, maxNumSeqs, maxNumBatchedTokens, longPrefillTokenThreshold,
        blockSize, numGpuBlocks, numCpuBlocks, groups.isEmpty() && prefixCaching, hashSeed,
        preemptionMode, queueOrder, staticBatchTimeoutNs, groups);
  }
}
