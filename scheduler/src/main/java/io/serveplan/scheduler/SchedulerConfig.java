package io.serveplan.scheduler;

import java.util.Objects;

/**
 * Scheduler knobs, named as vLLM names them. Validated on construction: a wrong value throws
 * {@link IllegalArgumentException} naming the field and the allowed range.
 *
 * @param longPrefillTokenThreshold cap on the tokens one prompt may take in a step (0 = none)
 * @param numCpuBlocks size of the host swap pool in blocks (used by {@link PreemptionMode#SWAP})
 * @param hashSeed seed of the chained prefix-cache block hash
 * @param staticBatchTimeoutNs how long {@link SchedulingPolicy#STATIC} waits for a full batch
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
    long staticBatchTimeoutNs) {

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
        staticBatchTimeoutNs);
  }
}
