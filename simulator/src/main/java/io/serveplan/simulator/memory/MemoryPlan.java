package io.serveplan.simulator.memory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.serveplan.scheduler.kv.KvCacheGroup;
import java.util.List;

/**
 * How one GPU of a replica spends its memory (bytes), and the KV capacity that results.
 * {@code usableBytes} = memory × gpu_memory_utilization; {@code kvBytes} = usable − weights −
 * activations − overhead; {@code numGpuBlocks} = kvBytes / kvBytesPerBlock (vLLM's "# GPU
 * blocks"); {@code maxConcurrency} = numGpuBlocks / blocks one request of the workload's mean
 * length holds (vLLM's "maximum concurrency" log line; numGpuBlocks × blockSize / length for a
 * plain model). A hybrid model's {@code kvCacheGroups} are the scheduler's KV-cache groups, each
 * block holding {@code blockSize} tokens of one group's layers ({@link KvCacheLayout}); empty for a
 * plain model (and then left out of the JSON). Immutable.
 */
public record MemoryPlan(
    long totalBytes,
    long usableBytes,
    long weightBytesPerGpu,
    long activationBytes,
    long overheadBytes,
    long kvBytes,
    long kvBytesPerBlock,
    int blockSize,
    int numGpuBlocks,
    double tokensPerRequest,
    double maxConcurrency,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<KvCacheGroup> kvCacheGroups) {

  public MemoryPlan {
    kvCacheGroups = kvCacheGroups == null ? List.of() : List.copyOf(kvCacheGroups);
  }

  /** Tokens the pool holds if every block held one full-attention group's tokens. */
  public long kvCapacityTokens() {
    return (long) numGpuBlocks * blockSize;
  }
}
