package io.serveplan.simulator.memory;

/**
 * How one GPU of a replica spends its memory (bytes), and the KV capacity that results.
 * {@code usableBytes} = memory × gpu_memory_utilization; {@code kvBytes} = usable − weights −
 * activations − overhead; {@code numGpuBlocks} = kvBytes / kvBytesPerBlock (vLLM's "# GPU
 * blocks"); {@code maxConcurrency} = numGpuBlocks × blockSize / tokens per request at the
 * workload's mean length (vLLM's "maximum concurrency" log line). Immutable.
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
    double maxConcurrency) {

  public long kvCapacityTokens() {
    return (long) numGpuBlocks * blockSize;
  }
}
